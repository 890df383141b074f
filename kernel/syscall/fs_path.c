/* Syscalls that open files by name or change the tree: open, creat, mknod, unlink, rmdir,
 * rename, link, symlink, truncate. Their entries are weak (syscall/table.h): only a program
 * that calls one of their libc functions links them (links/files.S). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include "syscall/fs.h"

long sys_close(long fd, long b, long c, long d, long e, long f);

/* renameat2 flags (linux/fs.h; musl 1.2.3 does not define them). */
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2

#define OPEN_ONLY (O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW)

static int dot_or_dotdot(const struct uni_walk *w)
{
	return (w->len == 1 && w->name[0] == '.') || (w->len == 2 && w->name[0] == '.' && w->name[1] == '.');
}

/* A change to the volume root itself is one to a mount point. */
static int vol_root(const struct uni_inode *n)
{
	return n && n->vol && n->vol->root == n;
}

long sys_openat(long dirfd, long path, long flags, long mode, long e, long f)
{
	(void)e, (void)f;
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	/* As Linux: a full table fails before the path is looked at (or a file created). */
	if (!uni_fd_available())
		return -EMFILE;
	int follow = !(flags & O_NOFOLLOW) && (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL);
	struct uni_walk w;
	long r = uni_walk((int)dirfd, (const char *)path, follow ? UNI_WALK_FOLLOW : 0, &w);
	if (r)
		return r;
	struct uni_inode *n = w.node;
	int acc = (int)flags & O_ACCMODE;
	if (!n) {
		if (!(flags & O_CREAT))
			return -ENOENT;
		if (w.slash)
			return -EISDIR;
		r = fs_create(&w, S_IFREG | ((mode_t)mode & 07777 & ~uni_umask), NULL, &n);
		if (r)
			return r;
	} else {
		if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
			return -EEXIST;
		if (S_ISLNK(n->mode) && !(flags & O_PATH))
			return -ELOOP;
		if (S_ISDIR(n->mode) && !(flags & O_PATH) && (acc != O_RDONLY || (flags & O_CREAT)))
			return -EISDIR;
		if ((flags & O_DIRECTORY) && !S_ISDIR(n->mode))
			return -ENOTDIR;
		int writing = acc != O_RDONLY && !(flags & O_PATH);
		if (writing && n->vol && S_ISREG(n->mode) && (r = uni_vol_open(w.dir, w.name, w.len, n)))
			return r;
		if ((flags & O_TRUNC) && S_ISREG(n->mode) && writing) {
			if ((r = uni_data_truncate(n, 0)))
				return r;
			uni_inode_touch(n, UNI_T_M | UNI_T_C);
		}
	}
	struct uni_file *file;
	r = uni_file_open(n, ((int)flags & ~OPEN_ONLY) | O_LARGEFILE, &file);
	if (r)
		return r;
	return uni_fd_install(file, 0, !!(flags & O_CLOEXEC));
}

long sys_open(long path, long flags, long mode, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return sys_openat(AT_FDCWD, path, flags, mode, 0, 0);
}

long sys_creat(long path, long mode, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return sys_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode, 0, 0);
}

static long do_rmdir(long dirfd, const char *path)
{
	struct uni_walk w;
	long r = uni_walk((int)dirfd, path, 0, &w);
	if (r)
		return r;
	if (w.len == 1 && w.name[0] == '.')
		return w.node == uni_fs_root ? -EBUSY : -EINVAL;
	if (dot_or_dotdot(&w))
		return -ENOTEMPTY;
	if (!w.node)
		return -ENOENT;
	if (!S_ISDIR(w.node->mode))
		return -ENOTDIR;
	if (vol_root(w.node))
		return -EBUSY;
	if (!uni_dir_empty(w.node))
		return -ENOTEMPTY;
	if (w.dir->vol && (r = uni_vol_unlink(w.dir, w.name, w.len, 1)))
		return r;
	return uni_dir_unlink(w.dir, w.name, w.len);
}

static long do_unlink(long dirfd, const char *path)
{
	struct uni_walk w;
	long r = uni_walk((int)dirfd, path, 0, &w);
	if (r)
		return r;
	if (!w.node)
		return -ENOENT;
	if (S_ISDIR(w.node->mode))
		return -EISDIR;
	if (w.slash)
		return -ENOTDIR;
	if (w.dir->vol && (r = uni_vol_unlink(w.dir, w.name, w.len, 0)))
		return r;
	return uni_dir_unlink(w.dir, w.name, w.len);
}

long sys_unlinkat(long dirfd, long path, long flags, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return flags ? do_rmdir(dirfd, (const char *)path) : do_unlink(dirfd, (const char *)path);
}

long sys_unlink(long path, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return do_unlink(AT_FDCWD, (const char *)path);
}

long sys_rmdir(long path, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return do_rmdir(AT_FDCWD, (const char *)path);
}

/* Whether dir is anc or lies below it. */
static int within(struct uni_inode *dir, struct uni_inode *anc)
{
	for (;;) {
		if (dir == anc)
			return 1;
		if (dir == uni_fs_root)
			return 0;
		dir = dir->u.dir.parent;
	}
}

/* RENAME_EXCHANGE: both names stay, their inodes trade places. */
static long exchange(struct uni_walk *o, struct uni_walk *n)
{
	struct uni_inode *a = o->node, *b = n->node;
	if ((S_ISDIR(a->mode) && within(n->dir, a)) || (S_ISDIR(b->mode) && within(o->dir, b)))
		return -EINVAL;
	long r = o->dir->vol ? uni_vol_rename(o->dir, o->name, o->len, n->dir, n->name, n->len, 1) : 0;
	if (r)
		return r;
	uni_inode_get(a);
	uni_inode_get(b);
	uni_dir_replace(o->dir, o->name, o->len, b);
	uni_dir_replace(n->dir, n->name, n->len, a);
	uni_inode_put(a);
	uni_inode_put(b);
	return 0;
}

long sys_renameat2(long odirfd, long opath, long ndirfd, long npath, long flags, long f)
{
	(void)f;
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE) ||
	    (flags & RENAME_NOREPLACE && flags & RENAME_EXCHANGE))
		return -EINVAL;
	struct uni_walk o, n;
	long r = uni_walk((int)odirfd, (const char *)opath, 0, &o);
	if (r)
		return r;
	r = uni_walk((int)ndirfd, (const char *)npath, 0, &n);
	if (r)
		return r;
	if (!o.node)
		return -ENOENT;
	if (dot_or_dotdot(&o) || dot_or_dotdot(&n) || o.node == uni_fs_root)
		return -EBUSY;
	if (n.dir->nlink == 0)
		return -ENOENT;
	struct uni_inode *src = o.node, *dst = n.node;
	/* A volume is a mount: names do not move in or out of it (EXDEV, as Linux), nor does it. */
	if (o.dir->vol != n.dir->vol)
		return -EXDEV;
	if (vol_root(src) || vol_root(dst))
		return -EBUSY;
	if (flags & RENAME_EXCHANGE)
		return dst ? exchange(&o, &n) : -ENOENT;
	if (dst && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if (src == dst)
		return 0;
	if (S_ISDIR(src->mode)) {
		if (dst && !S_ISDIR(dst->mode))
			return -ENOTDIR;
		if (dst && !uni_dir_empty(dst))
			return -ENOTEMPTY;
		if (within(n.dir, src))
			return -EINVAL;
	} else {
		if (dst && S_ISDIR(dst->mode))
			return -EISDIR;
		if (o.slash || n.slash)
			return -ENOTDIR;
	}
	if (o.dir->vol && (r = uni_vol_rename(o.dir, o.name, o.len, n.dir, n.name, n.len, 0)))
		return r;
	uni_inode_get(src);
	if (dst) {
		uni_dir_replace(n.dir, n.name, n.len, src);
	} else if ((r = uni_dir_link(n.dir, n.name, n.len, src))) {
		uni_inode_put(src);
		return r;
	}
	uni_dir_unlink(o.dir, o.name, o.len);
	if (S_ISDIR(src->mode))
		src->u.dir.parent = n.dir;   /* unlink from the old parent left it pointing there */
	uni_inode_put(src);
	return 0;
}

long sys_renameat(long odirfd, long opath, long ndirfd, long npath, long e, long f)
{
	(void)e, (void)f;
	return sys_renameat2(odirfd, opath, ndirfd, npath, 0, 0);
}

long sys_rename(long opath, long npath, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return sys_renameat2(AT_FDCWD, opath, AT_FDCWD, npath, 0, 0);
}

/* The host's link of a volume's file, named by the path the program gave (not a descriptor:
 * only a name reaches a file there). */
static long link_in_volume(long odirfd, long opath, long flags, const struct uni_walk *n)
{
	if (uni_vol_readonly(n->dir))
		return -EROFS;
	struct uni_walk s;
	long r = uni_walk((int)odirfd, (const char *)opath, flags & AT_SYMLINK_FOLLOW ? UNI_WALK_FOLLOW : 0, &s);
	if (r)
		return r;
	if (!s.node || !s.len)
		return -EXDEV;
	return uni_vol_link(s.dir, s.name, s.len, n->dir, n->name, n->len);
}

long sys_linkat(long odirfd, long opath, long ndirfd, long npath, long flags, long f)
{
	(void)f;
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct uni_inode *src;
	long r = fs_lookup(odirfd, (const char *)opath,
			   (flags & AT_EMPTY_PATH) | (flags & AT_SYMLINK_FOLLOW ? 0 : AT_SYMLINK_NOFOLLOW), &src);
	if (r)
		return r;
	if (S_ISDIR(src->mode))
		return -EPERM;
	struct uni_walk n;
	r = fs_walk_to_new_name(ndirfd, npath, &n);
	if (r)
		return r;
	if (n.dir->nlink == 0 || n.slash)
		return -ENOENT;
	if (src->vol != n.dir->vol)
		return -EXDEV;
	if (src->vol && (r = link_in_volume(odirfd, opath, flags, &n)))
		return r;
	return uni_dir_link(n.dir, n.name, n.len, src);
}

long sys_link(long opath, long npath, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return sys_linkat(AT_FDCWD, opath, AT_FDCWD, npath, 0, 0);
}

long sys_symlinkat(long target, long dirfd, long path, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (!*(const char *)target)
		return -ENOENT;
	if (strnlen((const char *)target, 4096) == 4096)
		return -ENAMETOOLONG;
	struct uni_walk w;
	long r = fs_walk_to_new_name(dirfd, path, &w);
	if (r)
		return r;
	struct uni_inode *n;
	return fs_create(&w, S_IFLNK | 0777, (const char *)target, &n);
}

long sys_symlink(long target, long path, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return sys_symlinkat(target, AT_FDCWD, path, 0, 0, 0);
}

long sys_truncate(long path, long len, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct uni_walk w;
	long r = uni_walk(AT_FDCWD, (const char *)path, UNI_WALK_FOLLOW, &w);
	if (r)
		return r;
	struct uni_inode *n = w.node;
	if (!n)
		return -ENOENT;
	if (S_ISDIR(n->mode))
		return -EISDIR;
	if (!S_ISREG(n->mode) || len < 0)
		return -EINVAL;
	/* A volume's file not open for writing is truncated on the host by its name. */
	if (n->vol && !n->vopen && (r = uni_vol_truncate_at(w.dir, w.name, w.len, (uint64_t)len)))
		return r;
	if ((r = uni_data_truncate(n, (uint64_t)len)))
		return r;
	uni_inode_touch(n, UNI_T_M | UNI_T_C);
	return 0;
}

/* As Linux for a process without CAP_MKNOD, and here for everyone: the in-memory filesystem
 * holds no device nodes or FIFOs (anonymous pipes work). */
long sys_mknodat(long dirfd, long path, long mode, long dev, long e, long f)
{
	(void)dev, (void)e, (void)f;
	if ((mode & S_IFMT) != 0 && (mode & S_IFMT) != S_IFREG)
		return -EPERM;
	long fd = sys_openat(dirfd, path, O_WRONLY | O_CREAT | O_EXCL, mode & 07777, 0, 0);
	return fd < 0 ? fd : sys_close(fd, 0, 0, 0, 0, 0);
}

long sys_mknod(long path, long mode, long dev, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return sys_mknodat(AT_FDCWD, path, mode, dev, 0, 0);
}
