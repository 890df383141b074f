/* Open file descriptions: reference counting, and the operations of regular files,
 * directories and O_PATH descriptors. Devices, pipes and the console bring their own. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include "uni/fs.h"
#include "uni/kmem.h"

static ssize_t reg_read(struct uni_file *f, void *buf, size_t len, uint64_t *pos)
{
	ssize_t r = uni_data_read(f->inode, buf, len, *pos);
	if (r > 0)
		*pos += (uint64_t)r;
	return r;
}

static ssize_t reg_write(struct uni_file *f, const void *buf, size_t len, uint64_t *pos)
{
	if (f->flags & O_APPEND)
		*pos = f->inode->size;
	if (*pos + len < *pos || *pos + len > (uint64_t)INT64_MAX)
		return -EFBIG;
	if (!len)
		return 0;
	ssize_t r = uni_data_write(f->inode, buf, len, *pos);
	if (r > 0) {
		*pos += (uint64_t)r;
		uni_inode_touch(f->inode, UNI_T_M | UNI_T_C);
	}
	return r;
}

static long reg_ioctl(struct uni_file *f, unsigned long req, void *arg)
{
	if (req != FIONREAD)
		return -ENOTTY;
	*(int *)arg = f->pos < f->inode->size ? (int)(f->inode->size - f->pos) : 0;
	return 0;
}

static unsigned always_ready(struct uni_file *f)
{
	(void)f;
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

static ssize_t dir_read(struct uni_file *f, void *buf, size_t len, uint64_t *pos)
{
	(void)f, (void)buf, (void)len, (void)pos;
	return -EISDIR;
}

static const struct uni_file_ops reg_ops = {
	.read = reg_read, .write = reg_write, .ioctl = reg_ioctl, .poll = always_ready, .seekable = 1,
};
static const struct uni_file_ops dir_ops = { .read = dir_read, .poll = always_ready, .seekable = 1 };
static const struct uni_file_ops path_ops = { .poll = always_ready };

struct uni_file *uni_file_new(struct uni_inode *n, const struct uni_file_ops *ops, int flags)
{
	struct uni_file *f = uni_kalloc(sizeof *f);
	if (!f)
		return NULL;
	f->ops = ops;
	f->refs = 1;
	f->flags = flags;
	f->inode = n;
	f->wq = &n->wq;
	uni_inode_get(n);
	return f;
}

int uni_file_open(struct uni_inode *n, int flags, struct uni_file **out)
{
	const struct uni_file_ops *ops = &path_ops;
	if (!(flags & O_PATH)) {
		if (S_ISREG(n->mode))
			ops = &reg_ops;
		else if (S_ISDIR(n->mode))
			ops = &dir_ops;
	}
	struct uni_file *f = uni_file_new(n, ops, flags);
	if (!f)
		return -ENOMEM;
	if (n->dev && !(flags & O_PATH)) {
		int r = n->dev->open(f);
		if (r) {
			uni_file_put(f);
			return r;
		}
	}
	*out = f;
	return 0;
}

void uni_file_get(struct uni_file *f)
{
	f->refs++;
}

void uni_file_put(struct uni_file *f)
{
	if (--f->refs)
		return;
	uni_flock_release(f);
	if (f->ops && f->ops->release)
		f->ops->release(f);
	uni_inode_put(f->inode);
	uni_kfree(f, sizeof *f);
}
