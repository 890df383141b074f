/* mkdir and mkdirat, and the creation of a name that they, open and symlink share. Linked into
 * every image: the runtime makes the working directory uni-run -w names (core/workdir.c). */
#include <errno.h>
#include <fcntl.h>
#include "syscall/fs.h"

/* Walks to path's last component, not following a final symlink, where mkdir, symlink and link
 * make a new name: one that exists is EEXIST. */
long fs_walk_to_new_name(long dirfd, long path, struct uni_walk *w)
{
	long r = uni_walk((int)dirfd, (const char *)path, 0, w);
	if (r)
		return r;
	return w->node ? -EEXIST : 0;
}

/* A new inode linked as w's last component (a symlink to target); in a shared volume it is
 * made on the host too, or not at all. */
long fs_create(struct uni_walk *w, mode_t mode, const char *target, struct uni_inode **out)
{
	if (w->dir->nlink == 0)
		return -ENOENT;
	if (uni_vol_readonly(w->dir))
		return -EROFS;
	struct uni_inode *n = uni_inode_new(mode);
	if (!n)
		return -ENOSPC;
	long r = target ? uni_inode_symlink_target(n, target) : 0;
	if (r || (r = uni_dir_link(w->dir, w->name, w->len, n))) {
		uni_inode_maybe_free(n);
		return r;
	}
	if (w->dir->vol && (r = uni_vol_made(w->dir, w->name, w->len, n))) {
		uni_dir_unlink(w->dir, w->name, w->len);
		return r;
	}
	*out = n;
	return 0;
}

long sys_mkdirat(long dirfd, long path, long mode, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	struct uni_walk w;
	long r = fs_walk_to_new_name(dirfd, path, &w);
	if (r)
		return r;
	struct uni_inode *n;
	return fs_create(&w, S_IFDIR | ((mode_t)mode & 01777 & ~uni_umask), NULL, &n);
}

long sys_mkdir(long path, long mode, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return sys_mkdirat(AT_FDCWD, path, mode, 0, 0, 0);
}
