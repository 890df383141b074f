/* epoll: an interest list scanned at wait time. Level-triggered entries are reported while
 * ready; edge-triggered ones when they become ready and again only after their file's
 * queue was woken (new data, new room); EPOLLONESHOT disables an entry once reported.
 * An entry whose descriptor no longer names the same open file is dropped, as Linux drops
 * it when the file is closed. Ready entries are reported in the order of Linux's ready list
 * (see harvest), which servers act on. */
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <time.h>
#include "uni/events.h"
#include "uni/kmem.h"
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/signal.h"

struct epi {
	int fd;
	struct uni_file *file;
	uint32_t events;
	uint64_t data;
	uint64_t seen;      /* the file queue's wakeups when last reported (edge-triggered) */
	uint64_t queued_at; /* its place in the ready order, while queued */
	int reported, disabled, queued;
	struct epi *next;
};

struct ep {
	struct epi *head;
};

static const struct uni_file_ops ep_ops;

static unsigned entry_ready(struct epi *e)
{
	return uni_file_ready(e->file) & (e->events | EPOLLERR | EPOLLHUP);
}

static uint64_t wakeups(struct epi *e)
{
	return e->file->wq ? e->file->wq->wakeups : 0;
}

static void drop_stale(struct ep *ep)
{
	for (struct epi **p = &ep->head; *p;) {
		struct epi *e = *p;
		if (uni_fd_get(e->fd) != e->file) {
			*p = e->next;
			uni_kfree(e, sizeof *e);
		} else {
			p = &e->next;
		}
	}
}

/* Whether an entry would be reported now, without reporting it. */
static int reportable(struct epi *e)
{
	if (e->disabled || !entry_ready(e))
		return 0;
	return !(e->events & EPOLLET) || !e->reported || wakeups(e) != e->seen;
}

struct harvest {
	struct ep *ep;
	struct epoll_event *out;
	int max, n;
};

static int by_queue_order(const void *a, const void *b)
{
	const struct epi *x = *(struct epi *const *)a, *y = *(struct epi *const *)b;
	return x->queued_at < y->queued_at ? -1 : x->queued_at > y->queued_at;
}

static void report(struct harvest *h, struct epi *e)
{
	h->out[h->n].events = entry_ready(e);
	h->out[h->n].data.u64 = e->data;
	h->n++;
	e->reported = 1;
	e->seen = wakeups(e);
	if (e->events & EPOLLONESHOT)
		e->disabled = 1;
	/* Linux puts a reported level-triggered entry back at the end of its ready list; an
	 * edge-triggered one returns with its file's next wakeup. */
	if (e->events & EPOLLET)
		e->queued = 0;
	else
		e->queued_at = uni_wake_stamp();
}

/* Linux keeps a ready list: an entry joins its end when its file is woken and it is ready,
 * more wakeups leave it in place, a wait drops the entries it finds not ready, and epoll_wait
 * reports from the front. Here an entry joins when a wait first finds it ready, placed by its
 * file's last wakeup, so descriptors are reported in the order they became ready, not the
 * order they were added. */
static int harvest(void *arg)
{
	struct harvest *h = arg;
	drop_stale(h->ep);
	h->n = 0;
	size_t k = 0;
	for (struct epi *e = h->ep->head; e; e = e->next) {
		if (!reportable(e)) {
			e->queued = e->queued && entry_ready(e);
			continue;
		}
		if (!e->queued) {
			e->queued = 1;
			e->queued_at = e->file->wq ? e->file->wq->woken_at : 0;
		}
		k++;
	}
	if (!k)
		return 0;
	struct epi *few[64], **v = k <= 64 ? few : uni_kalloc(k * sizeof *v);
	if (!v) {   /* no memory for the order: report in list order rather than not at all */
		for (struct epi *e = h->ep->head; e && h->n < h->max; e = e->next)
			if (reportable(e))
				report(h, e);
		return 1;
	}
	size_t i = 0;
	for (struct epi *e = h->ep->head; e; e = e->next)
		if (reportable(e))
			v[i++] = e;
	qsort(v, k, sizeof *v, by_queue_order);
	for (i = 0; i < k && h->n < h->max; i++)
		report(h, v[i]);
	if (v != few)
		uni_kfree(v, k * sizeof *v);
	return 1;
}

static unsigned ep_poll(struct uni_file *f)
{
	struct ep *ep = f->priv;
	drop_stale(ep);
	for (struct epi *e = ep->head; e; e = e->next)
		if (reportable(e))
			return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static void ep_release(struct uni_file *f)
{
	struct ep *ep = f->priv;
	for (struct epi *e = ep->head, *n; e; e = n) {
		n = e->next;
		uni_kfree(e, sizeof *e);
	}
	uni_anon_release(f);
}

static const struct uni_file_ops ep_ops = { .poll = ep_poll, .release = ep_release };

long sys_epoll_create1(long flags, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	struct ep *ep = uni_kalloc(sizeof *ep);
	if (!ep)
		return -ENOMEM;
	return uni_anon_file(&ep_ops, ep, sizeof *ep, 0, !!(flags & EPOLL_CLOEXEC));
}

long sys_epoll_create(long size, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return size <= 0 ? -EINVAL : sys_epoll_create1(0, 0, 0, 0, 0, 0);
}

static struct ep *ep_of(long fd, long *err)
{
	struct uni_file *f = uni_fd_get((int)fd);
	*err = !f ? -EBADF : f->ops != &ep_ops ? -EINVAL : 0;
	return *err ? 0 : f->priv;
}

long sys_epoll_ctl(long epfd, long op, long fd, long event, long e_, long f_)
{
	(void)e_, (void)f_;
	long err;
	struct ep *ep = ep_of(epfd, &err);
	if (!ep)
		return err;
	struct uni_file *f = uni_fd_get((int)fd);
	if (!f)
		return -EBADF;
	if (fd == epfd)
		return -EINVAL;
	if (S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode))
		return -EPERM;   /* always ready: Linux refuses them too */
	drop_stale(ep);
	struct epi **p = &ep->head;
	while (*p && (*p)->fd != fd)
		p = &(*p)->next;
	const struct epoll_event *ev = (const void *)event;
	switch (op) {
	case EPOLL_CTL_ADD: {
		if (*p)
			return -EEXIST;
		struct epi *e = uni_kalloc(sizeof *e);
		if (!e)
			return -ENOMEM;
		*e = (struct epi){ .fd = (int)fd, .file = f, .events = ev->events, .data = ev->data.u64 };
		*p = e;
		uni_wake(f->wq);   /* waiters on epfd re-scan */
		return 0;
	}
	case EPOLL_CTL_MOD:
		if (!*p)
			return -ENOENT;
		(*p)->events = ev->events;
		(*p)->data = ev->data.u64;
		(*p)->reported = (*p)->disabled = (*p)->queued = 0;
		return 0;
	case EPOLL_CTL_DEL: {
		if (!*p)
			return -ENOENT;
		struct epi *e = *p;
		*p = e->next;
		uni_kfree(e, sizeof *e);
		return 0;
	}
	default:
		return -EINVAL;
	}
}

static int any_polled(struct ep *ep)
{
	for (struct epi *e = ep->head; e; e = e->next)
		if (uni_file_polled(e->file))
			return 1;
	return 0;
}

long sys_epoll_pwait(long epfd, long events, long max, long timeout, long mask, long size)
{
	long err;
	struct ep *ep = ep_of(epfd, &err);
	if (!ep)
		return err;
	if (max <= 0 || max > 65536)
		return -EINVAL;
	if (mask && size != 8)
		return -EINVAL;
	uint64_t *cur = &uni_current->sigmask, saved = *cur;
	if (mask)
		*cur = *(const uint64_t *)mask;
	struct harvest h = { ep, (struct epoll_event *)events, (int)max, 0 };
	long r = 0;
	if (!harvest(&h) && timeout != 0) {
		uint64_t dl = timeout < 0 ? 0 : uni_clock_ns() + (uint64_t)timeout * 1000000;
		r = uni_wait_any(harvest, &h, dl, any_polled(ep));
	}
	if (mask) {
		uni_signal_restore_mask_on_return(saved);
	}
	return r == -ETIMEDOUT ? 0 : r ? r : h.n;
}

long sys_epoll_wait(long epfd, long events, long max, long timeout, long e, long f)
{
	(void)e, (void)f;
	return sys_epoll_pwait(epfd, events, max, timeout, 0, 0);
}

/* epoll_pwait2: epoll_pwait with a timespec timeout, in whole milliseconds rounded up as Linux
 * does for a timespec wait. */
long sys_epoll_pwait2(long epfd, long events, long max, long timeout, long mask, long size)
{
	long ms = -1;
	if (timeout) {
		const struct timespec *t = (const struct timespec *)timeout;
		if (t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= 1000000000)
			return -EINVAL;
		ms = t->tv_sec > 1000000000 ? 0x7fffffff : t->tv_sec * 1000 + (t->tv_nsec + 999999) / 1000000;
	}
	return sys_epoll_pwait(epfd, events, max, ms, mask, size);
}
