/* The filesystem: in-memory inodes, open files and the descriptor table. One process, so
 * one table, one cwd and one umask. Not yet safe against concurrent threads: callers must
 * serialise (the scheduler's big lock goes around the fs syscalls). */
#ifndef UNI_FS_H
#define UNI_FS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include "uni/wait.h"
#include "uni/weak.h"

#define UNI_FS_DEV 0x75        /* st_dev of every inode */
#define UNI_NOFILE_DEFAULT 1024 /* RLIMIT_NOFILE at boot */
#define UNI_SYMLOOP_MAX 40
#define UNI_FS_PAGE 4096

struct uni_inode;
struct uni_file;

/* Directory entries in creation order; cookies (getdents offsets) never repeat, so a
 * listing resumes correctly after entries are removed. "." and ".." are not stored. */
struct uni_dirent {
	struct uni_dirent *next, **pprev;   /* the directory's entries in creation order */
	struct uni_dirent *hnext;           /* the next in its hash bucket */
	struct uni_inode *node;
	uint64_t cookie;
	uint32_t hash, len;
	char name[];
};

/* Regular file contents: page i is pages[i] if set, else bytes of 'base' (read-only data
 * in the image or a boot module, copied into a page on first write), else zeros. */
struct uni_filedata {
	const unsigned char *base;
	uint64_t base_len;
	unsigned char **pages;
	uint64_t cap;          /* entries in pages[] */
	uint64_t allocated;    /* pages that are set */
	uint32_t shared_maps;  /* MAP_SHARED mappings whose memory is some of pages[] */
};

/* Device and generated files: open fills in the file (ops, private data). */
struct uni_dev {
	int (*open)(struct uni_file *f);
	dev_t rdev;
};

struct uni_flock;
struct uni_volume;
struct uni_volopen;

struct uni_inode {
	uint64_t ino;
	mode_t mode;
	nlink_t nlink;
	uid_t uid;
	gid_t gid;
	uint32_t refs;                 /* open files, cwd; freed when refs and nlink are 0 */
	uint64_t size;
	struct timespec atime, mtime, ctime;
	const struct uni_dev *dev;     /* set: opening calls dev->open */
	struct uni_flock *flocks;      /* flock(2) holders */
	struct uni_waitq wq;           /* woken when flocks are released */
	struct uni_volume *vol;        /* the volume it belongs to, if any (uni/volume.h) */
	struct uni_volopen *vopen;     /* set while open for writing in a shared volume */
	union {
		struct {                   /* S_IFDIR */
			struct uni_dirent *head, **tail;
			struct uni_dirent **buckets;   /* by name hash; nbuckets a power of two */
			uint32_t nbuckets, count;
			uint64_t removals;          /* entries taken out so far (getdents' cursors) */
			struct uni_inode *parent;   /* root: itself */
			uint64_t next_cookie;
		} dir;
		struct uni_filedata data;  /* S_IFREG */
		char *target;              /* S_IFLNK, NUL-terminated, length in size */
		struct uni_pipe *pipe;     /* S_IFIFO (anonymous pipes) */
	} u;
};

struct uni_file_ops {
	/* Read/write at *pos and advance it; pread/pwrite pass a local copy. Return bytes or
	 * -errno. NULL means EINVAL (e.g. reading a directory gives EISDIR through dir ops). */
	ssize_t (*read)(struct uni_file *f, void *buf, size_t len, uint64_t *pos);
	ssize_t (*write)(struct uni_file *f, const void *buf, size_t len, uint64_t *pos);
	long (*ioctl)(struct uni_file *f, unsigned long req, void *arg);   /* NULL: ENOTTY */
	/* Ready events now (POLLIN, POLLOUT, POLLHUP, POLLERR); waiters sleep on f->wq. */
	unsigned (*poll)(struct uni_file *f);
	void (*stat)(struct uni_file *f, struct stat *st);   /* NULL: the inode's */
	void (*release)(struct uni_file *f);                 /* last reference dropped */
	int seekable;
};

/* An open file description: shared by dup'ed descriptors, with one offset and status flags. */
struct uni_file {
	const struct uni_file_ops *ops;
	uint32_t refs;
	int flags;                     /* O_ACCMODE and status flags (O_APPEND, O_NONBLOCK...) */
	uint64_t pos;
	struct uni_inode *inode;       /* referenced; never NULL */
	struct uni_waitq *wq;          /* where a change of poll() readiness is announced */
	void *priv;
	size_t priv_len;
	/* getdents: the entry at 'pos', valid while the directory's 'removals' is dir_gen. */
	const struct uni_dirent *dir_cursor;
	uint64_t dir_gen;
};

/* --- inodes (fs/inode.c) --- */
extern struct uni_inode *uni_fs_root;
/* A new inode with one reference-free life: nlink 0 until linked into a directory. */
struct uni_inode *uni_inode_new(mode_t mode);
void uni_inode_get(struct uni_inode *n);
/* Drops a reference; frees the inode when no reference and no link is left. */
void uni_inode_put(struct uni_inode *n);
/* Called after nlink drops; frees the inode if nothing refers to it. */
void uni_inode_maybe_free(struct uni_inode *n);
void uni_inode_touch(struct uni_inode *n, int what);   /* UNI_T_* bits: set to now */
#define UNI_T_A 1
#define UNI_T_M 2
#define UNI_T_C 4
void uni_inode_stat(const struct uni_inode *n, struct stat *st);
int uni_inode_symlink_target(struct uni_inode *n, const char *target);

/* --- file data (fs/data.c) --- */
ssize_t uni_data_read(struct uni_inode *n, void *buf, size_t len, uint64_t off);
/* The bytes from off on, in place (sendfile's source): a pointer to them, with *len cut to
 * what follows contiguously in memory (0 at end of file; a hole points at zeros). Valid
 * until the file is next written or truncated. */
const void *uni_data_span(struct uni_inode *n, uint64_t off, size_t *len);
/* Writes; returns bytes written, or -ENOSPC if RAM ran out before any byte was written. */
ssize_t uni_data_write(struct uni_inode *n, const void *buf, size_t len, uint64_t off);
/* Sets the size; growing is sparse, shrinking frees pages. 0, or the host's -errno for a
 * shared volume's file (nothing changed). */
int uni_data_truncate(struct uni_inode *n, uint64_t size);
/* The len bytes at dst (whole pages) become the file's pages [off, off+len), filled with its
 * contents first (fs/mmap.c's shared mappings); 0 or -ENOSPC (nothing changed). */
int uni_data_adopt(struct uni_inode *n, uint64_t off, unsigned char *dst, uint64_t len);

/* --- directories (fs/dir.c) --- */
/* The child named name[0..len), or NULL. "." and ".." are answered too. */
struct uni_inode *uni_dir_lookup(struct uni_inode *dir, const char *name, size_t len);
/* Adds an entry; counts the link (and the parent's link for a subdirectory). */
int uni_dir_link(struct uni_inode *dir, const char *name, size_t len, struct uni_inode *n);
/* Removes the entry; the inode loses a link and is freed if nothing else holds it. */
int uni_dir_unlink(struct uni_inode *dir, const char *name, size_t len);
/* Points the existing entry at n instead (rename over an existing name). */
void uni_dir_replace(struct uni_inode *dir, const char *name, size_t len, struct uni_inode *n);
int uni_dir_empty(const struct uni_inode *dir);
/* Name of child in dir (for getcwd), or NULL. */
const struct uni_dirent *uni_dir_find_node(const struct uni_inode *dir, const struct uni_inode *child);

/* --- paths (fs/path.c) --- */
#define UNI_WALK_FOLLOW 1    /* follow a symlink in the last component */
struct uni_walk {
	struct uni_inode *dir;    /* directory holding the last component */
	struct uni_inode *node;   /* the last component, or NULL when it does not exist */
	char name[256];           /* the last component ("." for "/") */
	size_t len;
	int slash;                /* the path ended with '/' */
};
/* Resolves path from dirfd (AT_FDCWD, or an open directory). Returns 0 with w filled, or
 * -ENOENT (a missing directory on the way, or an empty path), -ENOTDIR, -ELOOP,
 * -ENAMETOOLONG, -EBADF. A missing last component is not an error (w->node NULL). */
int uni_walk(int dirfd, const char *path, int flags, struct uni_walk *w);
/* Creates the directories of an absolute path as needed (boot only); returns the last. */
struct uni_inode *uni_mkdir_p(const char *path, mode_t mode);
/* Adds a read-only file dir/name whose text gen(buf, room) writes at each open (/proc). */
int uni_proc_add_text(const char *dir, const char *name, size_t (*gen)(char *, size_t));

/* Absolute path of a directory into buf; returns the length with the NUL, or -ERANGE,
 * -ENOENT (removed). */
long uni_dir_path(struct uni_inode *dir, char *buf, size_t size);

/* --- open files and descriptors (fs/file.c, fs/fd.c) --- */
/* A file on inode n (referenced), with flags; ops chosen by the inode's type or device. */
int uni_file_open(struct uni_inode *n, int flags, struct uni_file **out);
/* A file with explicit ops (pipes, console). Takes a reference to n. */
struct uni_file *uni_file_new(struct uni_inode *n, const struct uni_file_ops *ops, int flags);
void uni_file_get(struct uni_file *f);
void uni_file_put(struct uni_file *f);

extern struct uni_inode *uni_cwd;
extern mode_t uni_umask;

/* The file behind fd, or NULL (EBADF). Not referenced: valid until the fd changes. */
struct uni_file *uni_fd_get(int fd);
/* Installs f at the lowest free descriptor >= min; takes over the caller's reference.
 * Returns the fd, or -EMFILE/-ENOMEM having dropped that reference (every caller would). */
int uni_fd_install(struct uni_file *f, int min, int cloexec);
/* Puts f at fd exactly, closing what was there; the reference as with uni_fd_install. */
int uni_fd_install_at(struct uni_file *f, int fd, int cloexec);
int uni_fd_close(int fd);
/* Whether a descriptor below the limit is free. */
int uni_fd_available(void);
int uni_fd_cloexec(int fd);
void uni_fd_set_cloexec(int fd, int on);
uint64_t uni_fd_limit(void);
/* Sets RLIMIT_NOFILE (0 or -EINVAL/-EPERM). */
int uni_fd_set_limit(uint64_t cur, uint64_t max);
uint64_t uni_fd_limit_max(void);

/* --- boot (fs/init.c) and the pieces it assembles --- */
/* Builds the tree: rootfs from the image, volumes from boot modules, /dev, /proc, /etc,
 * /tmp; fds 0-2 on the console. argv0 names the program for /proc/self/exe. */
void uni_fs_init(const char *argv0);
/* Unpacks one archive (uni/archive.h) of 'avail' bytes, the index-th of its module (the
 * volume's name, uni/abi.h UNI_VOL_TAG); returns its size or -1. */
long uni_archive_mount(const void *archive, uint64_t avail, const char *origin, unsigned index);
int uni_dev_populate(void);
/* The default /etc (fs/etc.c): each file where none of that name exists. Linked only with
 * the calls that open a file by name (links/files.S): no other program could read it. */
void uni_etc_populate(void) UNI_WEAK_FN;
/* Puts text into /etc/name unless a file is there that the runtime did not put there or that
 * the program wrote: a user's file always wins. copy: keep a copy of text (else text must
 * outlive the file). Returns 0, -EEXIST (the user's file stays) or -ENOMEM. */
int uni_etc_install(const char *name, const char *text, int copy);
/* /proc and /proc/self/exe; the generated files (fs/proc_text.c) where they are linked: with
 * the calls that open a file by name (links/files.S), as nothing else could read them. */
int uni_proc_populate(const char *argv0);
int uni_proc_text_populate(struct uni_inode *proc) UNI_WEAK_FN;
int uni_console_files(void);

/* --- pipes (fs/pipe.c) --- */
int uni_pipe_create(struct uni_file **rd, struct uni_file **wr, int flags);
/* What splice, tee and vmsplice need (syscall/fs_splice.c); f is a pipe end. */
int uni_is_pipe(const struct uni_file *f);
/* Read end: waits (unless nonblock) for queued bytes; returns how many (> 0), 0 at end of
 * file (no writer left), -EAGAIN or -EINTR. */
long uni_pipe_wait_data(struct uni_file *rd, int nonblock);
/* Write end: waits (unless nonblock) for free room; returns it (> 0; the whole capacity when
 * no reader is left, so that the write reports EPIPE), -EAGAIN or -EINTR. */
long uni_pipe_wait_room(struct uni_file *wr, int nonblock);
/* Copies the first len queued bytes (len <= what uni_pipe_wait_data returned), keeping them. */
void uni_pipe_peek(struct uni_file *rd, void *buf, size_t len);
/* Drops the first n queued bytes and wakes the writers. */
void uni_pipe_consume(struct uni_file *rd, size_t n);

/* --- flock (fs/lock.c) --- */
long uni_flock(struct uni_file *f, int op);
/* Drops f's flock when its description is closed. */
void uni_flock_release(struct uni_file *f);

/* --- mmap of files, called by mm/map.c (fs/mmap_check.c, fs/mmap.c) --- */
#define UNI_DEV_ZERO 0x105   /* /dev/zero's device number (fs/dev.c) */
int uni_inode_is_dev_zero(const struct uni_inode *n);
/* Whether fd can be mapped with prot/flags: 0 or -EBADF, -EACCES, -ENODEV, -EINVAL. In every
 * image; 0 only for a file that open or memfd_create made, whose calls link the rest (below,
 * fs/mmap.c, which mm/map.c refers to weakly: links/files.S). */
long uni_file_map_check(int fd, int prot, int flags, long off);
/* A MAP_SHARED mapping of the file's [off, off+len) that exists already: 1 with its address in
 * *addr (it gains a reference), 0 if none, -ENODEV if one overlaps the range differently. */
int uni_file_map_existing(int fd, long off, uint64_t len, uint64_t *addr) UNI_MAYBE_LINKED;
/* Fills the new mapping dst (zeroed) with the file's bytes [off, off+len); past the end of the
 * file it stays zero. shared: dst's pages become the file's own pages from now on, so that
 * writes through either reach the other. */
void uni_file_map_fill(int fd, long off, void *dst, size_t len, int shared) UNI_MAYBE_LINKED;
/* munmap of [s, e): calls release on every part that is not a shared file mapping's pages,
 * which stay the file's; a shared mapping wholly inside loses a reference, one whose tail it
 * is ends at s when nothing else maps it. */
void uni_file_map_release(uint64_t s, uint64_t e, void (*release)(uint64_t s, uint64_t e)) UNI_MAYBE_LINKED;
/* mremap of the shared file mapping at s from old_len to new_len bytes (whole pages): it grows
 * in place, or moves when may_move, its new pages the file's too. The new address, or -EINVAL
 * (not one whole mapping, shrinking, or the range is mapped again), -ENOMEM. */
long uni_file_map_grow(uint64_t s, uint64_t old_len, uint64_t new_len, int may_move) UNI_MAYBE_LINKED;
/* Whether [s, e) overlaps a shared file mapping. */
int uni_file_map_overlaps(uint64_t s, uint64_t e) UNI_MAYBE_LINKED;
/* fs/data.c: whether page idx of n lies in one of its shared mappings. */
int uni_file_page_mapped(const struct uni_inode *n, uint64_t idx) UNI_MAYBE_LINKED;

#endif
