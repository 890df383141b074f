/* Descriptor calls that create or sweep: memfd_create (an unlinked regular file),
 * close_range, and fallocate (reserving space is growing the file; pages stay holes until
 * written). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include "syscall/fs.h"

#define CLOSE_RANGE_UNSHARE 2   /* one process: nothing to unshare */
#define CLOSE_RANGE_CLOEXEC 4

long sys_memfd_create(long name, long flags, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING) || strlen((const char *)name) > 249)
		return -EINVAL;
	struct uni_inode *n = uni_inode_new(S_IFREG | 0777);
	struct uni_file *file;
	if (!n)
		return -ENOMEM;
	int r = uni_file_open(n, O_RDWR, &file);
	if (r) {
		uni_inode_maybe_free(n);
		return r;
	}
	return uni_fd_install(file, 0, !!(flags & MFD_CLOEXEC));
}

long sys_close_range(long first, long last, long flags, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if ((flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) || (unsigned)first > (unsigned)last)
		return -EINVAL;
	uint64_t end = (unsigned)last < uni_fd_limit() ? (unsigned)last + 1ull : uni_fd_limit();
	for (uint64_t fd = (unsigned)first; fd < end; fd++) {
		if (!uni_fd_get((int)fd))
			continue;
		if (flags & CLOSE_RANGE_CLOEXEC)
			uni_fd_set_cloexec((int)fd, 1);
		else
			uni_fd_close((int)fd);
	}
	return 0;
}

long sys_fallocate(long fd, long mode, long off, long len, long e, long f)
{
	(void)e, (void)f;
	long err;
	struct uni_file *file = fs_file_for(fd, 1, &err);
	if (!file)
		return err;
	if (off < 0 || len <= 0)
		return -EINVAL;
	if (S_ISFIFO(file->inode->mode))
		return -ESPIPE;
	if (!S_ISREG(file->inode->mode))
		return -ENODEV;
	if (mode & ~FALLOC_FL_KEEP_SIZE)
		return -EOPNOTSUPP;
	if (off + len < off)
		return -EFBIG;
	if (!(mode & FALLOC_FL_KEEP_SIZE) && (uint64_t)(off + len) > file->inode->size) {
		err = uni_data_truncate(file->inode, (uint64_t)(off + len));
		if (err)
			return err;
		uni_inode_touch(file->inode, UNI_T_M | UNI_T_C);
	}
	return 0;
}
