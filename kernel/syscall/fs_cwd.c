/* Syscalls that read where names lead or set the working directory: readlink, chdir, fchdir,
 * getcwd, umask. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include "syscall/fs.h"

long sys_readlinkat(long dirfd, long path, long buf, long size, long e, long f)
{
	(void)e, (void)f;
	if (size <= 0)
		return -EINVAL;
	struct uni_inode *n;
	long r = fs_lookup(dirfd, (const char *)path, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &n);
	if (r)
		return r;
	if (!S_ISLNK(n->mode))
		return -EINVAL;
	size_t len = n->size < (size_t)size ? n->size : (size_t)size;
	memcpy((char *)buf, n->u.target, len);
	uni_inode_touch(n, UNI_T_A);
	return (long)len;
}

long sys_readlink(long path, long buf, long size, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return sys_readlinkat(AT_FDCWD, path, buf, size, 0, 0);
}

static long set_cwd(struct uni_inode *n)
{
	if (!S_ISDIR(n->mode))
		return -ENOTDIR;
	uni_inode_get(n);
	uni_inode_put(uni_cwd);
	uni_cwd = n;
	return 0;
}

long sys_chdir(long path, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	struct uni_inode *n;
	long r = fs_lookup(AT_FDCWD, (const char *)path, 0, &n);
	return r ? r : set_cwd(n);
}

long sys_fchdir(long fd, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	return file ? set_cwd(file->inode) : -EBADF;
}

long sys_getcwd(long buf, long size, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return uni_dir_path(uni_cwd, (char *)buf, (size_t)size);
}

long sys_umask(long mask, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	mode_t old = uni_umask;
	uni_umask = (mode_t)mask & 0777;
	return old;
}
