/* eventfd: a 64-bit counter; write adds, read takes all (or one with EFD_SEMAPHORE). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include "uni/events.h"
#include "uni/kmem.h"

struct efd {
	uint64_t count;
	int semaphore;
};

static int readable(void *arg) { return ((struct efd *)arg)->count > 0; }

struct room { struct efd *e; uint64_t add; };
static int writable(void *arg)
{
	struct room *r = arg;
	return r->e->count < UINT64_MAX - r->add;
}

static ssize_t efd_read(struct uni_file *f, void *buf, size_t len, uint64_t *pos)
{
	(void)pos;
	struct efd *e = f->priv;
	if (len < 8)
		return -EINVAL;
	if (!e->count) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int r = uni_wait(f->wq, readable, e, 0);
		if (r)
			return r;
	}
	uint64_t v = e->semaphore ? 1 : e->count;
	e->count -= v;
	memcpy(buf, &v, 8);
	uni_wake(f->wq);
	return 8;
}

static ssize_t efd_write(struct uni_file *f, const void *buf, size_t len, uint64_t *pos)
{
	(void)pos;
	struct efd *e = f->priv;
	uint64_t v;
	if (len < 8)
		return -EINVAL;
	memcpy(&v, buf, 8);
	if (v == UINT64_MAX)
		return -EINVAL;
	struct room r = { e, v };
	if (!writable(&r)) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int w = uni_wait(f->wq, writable, &r, 0);
		if (w)
			return w;
	}
	e->count += v;
	uni_wake(f->wq);
	return 8;
}

static unsigned efd_poll(struct uni_file *f)
{
	struct efd *e = f->priv;
	return (e->count ? POLLIN | POLLRDNORM : 0) | (e->count < UINT64_MAX - 1 ? POLLOUT | POLLWRNORM : 0);
}

static const struct uni_file_ops efd_ops = {
	.read = efd_read, .write = efd_write, .poll = efd_poll, .release = uni_anon_release,
};

long sys_eventfd2(long initval, long flags, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (flags & ~(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE))
		return -EINVAL;
	struct efd *x = uni_kalloc(sizeof *x);
	if (!x)
		return -ENOMEM;
	x->count = (uint64_t)(unsigned)initval;
	x->semaphore = !!(flags & EFD_SEMAPHORE);
	return uni_anon_file(&efd_ops, x, sizeof *x, (flags & EFD_NONBLOCK) ? O_NONBLOCK : 0, !!(flags & EFD_CLOEXEC));
}

/* The older form, without flags. */
long sys_eventfd(long initval, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return sys_eventfd2(initval, 0, 0, 0, 0, 0);
}
