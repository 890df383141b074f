/* The file side of mmap (mm/map.c keeps the memory side): which files can be mapped, and
 * their bytes copied into the new range. MAP_PRIVATE copies are what Linux gives until a
 * write; a MAP_SHARED mapping is only allowed read-only, where a copy cannot differ. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include "uni/console.h"
#include "uni/fs.h"

#define DEV_ZERO 0x105

static int is_zero_dev(const struct uni_inode *n)
{
	return n->dev && n->dev->rdev == DEV_ZERO;
}

long uni_file_map_check(int fd, int prot, int flags, long off)
{
	struct uni_file *f = uni_fd_get(fd);
	if (!f || (f->flags & O_PATH))
		return -EBADF;
	if (off < 0 || (off & (UNI_FS_PAGE - 1)))
		return -EINVAL;
	int acc = f->flags & O_ACCMODE;
	if (acc == O_WRONLY)
		return -EACCES;
	if (is_zero_dev(f->inode))
		return 0;
	if (!S_ISREG(f->inode->mode) || f->inode->dev)
		return -ENODEV;
	if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE)) {
		if (acc != O_RDWR)
			return -EACCES;
		static int told;
		if (!told++)
			uni_log("mmap: writable MAP_SHARED mappings of files are not supported; "
				"use MAP_PRIVATE, or write() the changes");
		return -ENODEV;
	}
	return 0;
}

void uni_file_map_fill(int fd, long off, void *dst, size_t len)
{
	struct uni_file *f = uni_fd_get(fd);
	if (!is_zero_dev(f->inode))
		uni_data_read(f->inode, dst, len, (uint64_t)off);
}
