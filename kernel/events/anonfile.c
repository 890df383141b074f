/* Files that exist only as descriptors (eventfd, timerfd, epoll): an inode of their own,
 * private state, and a descriptor. */
#include <errno.h>
#include <fcntl.h>
#include "uni/events.h"
#include "uni/kmem.h"

int uni_anon_file(const struct uni_file_ops *ops, void *priv, size_t priv_len, int flags, int cloexec)
{
	struct uni_inode *n = uni_inode_new(0600);
	struct uni_file *f = n ? uni_file_new(n, ops, O_RDWR | flags) : 0;
	if (!f) {
		if (n)
			uni_inode_maybe_free(n);
		uni_kfree(priv, priv_len);
		return -ENOMEM;
	}
	f->priv = priv;
	f->priv_len = priv_len;
	return uni_fd_install(f, 0, cloexec);   /* on failure, f's release frees priv */
}

void uni_anon_release(struct uni_file *f)
{
	uni_kfree(f->priv, f->priv_len);
}
