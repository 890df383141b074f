/* Metadata syscalls: stat and its variants, statx, statfs, access, chmod, chown, utimensat,
 * sync. Everything is stored; the program runs as root, so only X_OK can be refused. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "syscall/fs.h"
#include "uni/runtime.h"

long fs_lookup_at(long dirfd, const char *path, long flags, struct uni_walk *w)
{
	if ((flags & AT_EMPTY_PATH) && path && !*path) {
		w->dir = NULL;
		w->len = 0;
		if (dirfd == AT_FDCWD) {
			w->node = uni_cwd;
			return 0;
		}
		struct uni_file *f = uni_fd_get((int)dirfd);
		if (!f)
			return -EBADF;
		w->node = f->inode;
		return 0;
	}
	long r = uni_walk((int)dirfd, path, flags & AT_SYMLINK_NOFOLLOW ? 0 : UNI_WALK_FOLLOW, w);
	if (r)
		return r;
	return w->node ? 0 : -ENOENT;
}

long fs_lookup(long dirfd, const char *path, long flags, struct uni_inode **node)
{
	struct uni_walk w;
	long r = fs_lookup_at(dirfd, path, flags, &w);
	if (!r)
		*node = w.node;
	return r;
}

/* fstatat with AT_EMPTY_PATH on a descriptor reports the open file (the console's type
 * depends on the descriptor, not only the inode). */
static long stat_at(long dirfd, const char *path, long flags, struct stat *st)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if ((flags & AT_EMPTY_PATH) && path && !*path && dirfd != AT_FDCWD) {
		struct uni_file *f = uni_fd_get((int)dirfd);
		if (!f)
			return -EBADF;
		fs_file_stat(f, st);
		return 0;
	}
	struct uni_inode *n;
	long r = fs_lookup(dirfd, path, flags, &n);
	if (!r)
		uni_inode_stat(n, st);
	return r;
}

long sys_newfstatat(long dirfd, long path, long st, long flags, long e, long f)
{
	(void)e, (void)f;
	return stat_at(dirfd, (const char *)path, flags, (struct stat *)st);
}

long sys_stat(long path, long st, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return stat_at(AT_FDCWD, (const char *)path, 0, (struct stat *)st);
}

long sys_lstat(long path, long st, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return stat_at(AT_FDCWD, (const char *)path, AT_SYMLINK_NOFOLLOW, (struct stat *)st);
}

/* struct statx as the Linux UAPI defines it (musl 1.2.3's headers do not have it). */
struct statx_ts {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t pad;
};
struct statx_k {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad1;
	uint64_t ino, size, blocks, attributes_mask;
	struct statx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};
#define STATX_BASIC 0x7ffu

static struct statx_ts ts(struct timespec t)
{
	return (struct statx_ts){ .tv_sec = t.tv_sec, .tv_nsec = (uint32_t)t.tv_nsec };
}

long sys_statx(long dirfd, long path, long flags, long mask, long buf, long f)
{
	(void)mask, (void)f;
	struct stat st;
	long r = stat_at(dirfd, (const char *)path, flags & ~(0x6000 /* AT_STATX_SYNC_TYPE */), &st);
	if (r)
		return r;
	struct statx_k *x = (void *)buf;
	memset(x, 0, sizeof *x);
	x->mask = STATX_BASIC;
	x->blksize = (uint32_t)st.st_blksize;
	x->nlink = (uint32_t)st.st_nlink;
	x->uid = st.st_uid;
	x->gid = st.st_gid;
	x->mode = (uint16_t)st.st_mode;
	x->ino = st.st_ino;
	x->size = (uint64_t)st.st_size;
	x->blocks = (uint64_t)st.st_blocks;
	x->atime = ts(st.st_atim);
	x->ctime = ts(st.st_ctim);
	x->mtime = ts(st.st_mtim);
	x->rdev_major = major(st.st_rdev);
	x->rdev_minor = minor(st.st_rdev);
	x->dev_major = major(st.st_dev);
	x->dev_minor = minor(st.st_dev);
	return 0;
}

/* One tmpfs-like filesystem whose size is the RAM. */
static void fill_statfs(struct statfs *s)
{
	memset(s, 0, sizeof *s);
	s->f_type = 0x01021994;   /* TMPFS_MAGIC */
	s->f_bsize = s->f_frsize = UNI_FS_PAGE;
	s->f_blocks = uni_mm_total_bytes() / UNI_FS_PAGE;
	s->f_bfree = s->f_bavail = uni_mm_free_bytes() / UNI_FS_PAGE;
	s->f_files = s->f_blocks;
	s->f_ffree = s->f_bfree;
	s->f_namelen = 255;
}

long sys_statfs(long path, long buf, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct uni_inode *n;
	long r = fs_lookup(AT_FDCWD, (const char *)path, 0, &n);
	if (!r)
		fill_statfs((struct statfs *)buf);
	return r;
}

long sys_fstatfs(long fd, long buf, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (!uni_fd_get((int)fd))
		return -EBADF;
	fill_statfs((struct statfs *)buf);
	return 0;
}

long sys_faccessat2(long dirfd, long path, long mode, long flags, long e, long f)
{
	(void)e, (void)f;
	if (mode & ~(R_OK | W_OK | X_OK) || flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct uni_inode *n;
	long r = fs_lookup(dirfd, (const char *)path, flags, &n);
	if (r)
		return r;
	/* Root may read and write anything, and execute what has any x bit or is a directory. */
	if ((mode & X_OK) && !S_ISDIR(n->mode) && !(n->mode & 0111))
		return -EACCES;
	return 0;
}

long sys_faccessat(long dirfd, long path, long mode, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return sys_faccessat2(dirfd, path, mode, 0, 0, 0);
}

long sys_access(long path, long mode, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return sys_faccessat2(AT_FDCWD, path, mode, 0, 0, 0);
}

/* w: how the program named n (NULL: by a descriptor), for a volume's host file. */
static long set_mode(struct uni_inode *n, const struct uni_walk *w, long mode)
{
	mode_t m = (mode_t)mode & 07777;
	long r = n->vol ? uni_vol_setattr(n, w ? w->dir : NULL, w ? w->name : NULL, w ? w->len : 0, &m, NULL) : 0;
	if (r)
		return r;
	n->mode = (n->mode & S_IFMT) | m;
	uni_inode_touch(n, UNI_T_C);
	return 0;
}

long sys_fchmodat(long dirfd, long path, long mode, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	struct uni_walk w;
	long r = fs_lookup_at(dirfd, (const char *)path, 0, &w);
	return r ? r : set_mode(w.node, &w, mode);
}

long sys_chmod(long path, long mode, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return sys_fchmodat(AT_FDCWD, path, mode, 0, 0, 0);
}

long sys_fchmod(long fd, long mode, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file || (file->flags & O_PATH))
		return -EBADF;
	return set_mode(file->inode, NULL, mode);
}

static long set_owner(struct uni_inode *n, long uid, long gid)
{
	if ((uid_t)uid != (uid_t)-1)
		n->uid = (uid_t)uid;
	if ((gid_t)gid != (gid_t)-1)
		n->gid = (gid_t)gid;
	uni_inode_touch(n, UNI_T_C);
	return 0;
}

long sys_fchownat(long dirfd, long path, long uid, long gid, long flags, long f)
{
	(void)f;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct uni_inode *n;
	long r = fs_lookup(dirfd, (const char *)path, flags, &n);
	return r ? r : set_owner(n, uid, gid);
}

long sys_chown(long path, long uid, long gid, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return sys_fchownat(AT_FDCWD, path, uid, gid, 0, 0);
}

long sys_lchown(long path, long uid, long gid, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return sys_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW, 0);
}

long sys_fchown(long fd, long uid, long gid, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file || (file->flags & O_PATH))
		return -EBADF;
	return set_owner(file->inode, uid, gid);
}

long sys_utimensat(long dirfd, long path, long times, long flags, long e, long f)
{
	(void)e, (void)f;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct uni_walk w = { .dir = NULL };
	long r;
	if (!path) {   /* futimens */
		if (dirfd == AT_FDCWD)
			return -EFAULT;
		struct uni_file *file = uni_fd_get((int)dirfd);
		if (!file)
			return -EBADF;
		w.node = file->inode;
	} else if ((r = fs_lookup_at(dirfd, (const char *)path, flags, &w))) {
		return r;
	}
	struct uni_inode *n = w.node;
	const struct timespec *t = (const void *)times;
	struct timespec now_ts[2] = { { .tv_nsec = UTIME_NOW }, { .tv_nsec = UTIME_NOW } };
	if (!t)
		t = now_ts;
	for (int i = 0; i < 2; i++)
		if (t[i].tv_nsec != UTIME_NOW && t[i].tv_nsec != UTIME_OMIT &&
		    (t[i].tv_nsec < 0 || t[i].tv_nsec > 999999999))
			return -EINVAL;
	if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
		return 0;
	if (n->vol && (r = uni_vol_setattr(n, w.dir, w.name, w.len, NULL, t)))
		return r;
	struct timespec *dst[2] = { &n->atime, &n->mtime };
	for (int i = 0; i < 2; i++) {
		if (t[i].tv_nsec == UTIME_NOW)
			uni_inode_touch(n, i ? UNI_T_M : UNI_T_A);
		else if (t[i].tv_nsec != UTIME_OMIT)
			*dst[i] = t[i];
	}
	uni_inode_touch(n, UNI_T_C);
	return 0;
}

long sys_sync(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	if (uni_vol_sync)
		uni_vol_sync(NULL, 0);
	return 0;
}

long sys_syncfs(long fd, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	if (!uni_fd_get((int)fd))
		return -EBADF;
	return uni_vol_sync ? uni_vol_sync(NULL, 0) : 0;
}
