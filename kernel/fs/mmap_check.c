/* Which descriptors mmap can map, checked for every file mapping. Only this is in every image:
 * the rest of the file side of mmap (fs/mmap.c) links with the calls that make a file that
 * passes this check, open and memfd_create (links/files.S). */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include "uni/fs.h"

int uni_inode_is_dev_zero(const struct uni_inode *n)
{
	return n->dev && n->dev->rdev == UNI_DEV_ZERO;
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
	if (uni_inode_is_dev_zero(f->inode))
		return 0;
	if (!S_ISREG(f->inode->mode) || f->inode->dev)
		return -ENODEV;
	if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) && acc != O_RDWR)
		return -EACCES;
	return 0;
}
