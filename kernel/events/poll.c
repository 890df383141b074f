/* poll, ppoll, select and pselect6 over uni_file_ready. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include "uni/events.h"
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/signal.h"

/* One poll: its descriptors, when the wait ends (monotonic ns, 0 = never, 1 = do not wait)
 * and how many were ready at the last scan. */
struct pollset {
	struct pollfd *fds;
	unsigned long n;
	uint64_t deadline;
	int ready;
};

static int scan(void *arg)
{
	struct pollset *p = arg;
	p->ready = 0;
	for (unsigned long i = 0; i < p->n; i++) {
		struct pollfd *x = &p->fds[i];
		x->revents = 0;
		if (x->fd < 0)
			continue;
		struct uni_file *f = uni_fd_get(x->fd);
		x->revents = f ? (short)(uni_file_ready(f) & ((unsigned)x->events | POLLERR | POLLHUP)) : POLLNVAL;
		p->ready += x->revents != 0;
	}
	return p->ready > 0;
}

static int any_polled(const struct pollset *p)
{
	for (unsigned long i = 0; i < p->n; i++) {
		struct uni_file *f = p->fds[i].fd >= 0 ? uni_fd_get(p->fds[i].fd) : 0;
		if (f && uni_file_polled(f))
			return 1;
	}
	return 0;
}

/* Polls the struct pollset at arg (a with_mask body, for ppoll). */
static long do_poll(void *arg)
{
	struct pollset *p = arg;
	if (p->n > uni_fd_limit())
		return -EINVAL;
	if (scan(p) || p->deadline == 1)
		return p->ready;
	int r = uni_wait_any(scan, p, p->deadline, any_polled(p));
	return r == -ETIMEDOUT ? 0 : r ? r : p->ready;
}

static uint64_t deadline_of(const struct timespec *t)
{
	if (!t)
		return 0;
	uint64_t ns = (uint64_t)t->tv_sec * 1000000000ull + (uint64_t)t->tv_nsec;
	return ns ? uni_clock_ns() + ns : 1;
}

/* ppoll and pselect: the given mask holds only while waiting. */
static long with_mask(const uint64_t *mask, long (*fn)(void *), void *arg)
{
	uint64_t *cur = &uni_current->sigmask, saved = *cur;
	if (mask)
		*cur = *mask;
	long r = fn(arg);
	if (mask)
		uni_signal_restore_mask_on_return(saved);
	return r;
}

long sys_poll(long fds, long n, long timeout_ms, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	uint64_t dl = timeout_ms < 0 ? 0 : timeout_ms == 0 ? 1 : uni_clock_ns() + (uint64_t)timeout_ms * 1000000;
	struct pollset p = { (struct pollfd *)fds, (unsigned long)n, dl, 0 };
	return do_poll(&p);
}

long sys_ppoll(long fds, long n, long ts, long mask, long size, long f)
{
	(void)f;
	const struct timespec *t = (const void *)ts;
	if (t && (t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= 1000000000))
		return -EINVAL;
	if (mask && size != 8)
		return -EINVAL;
	struct pollset p = { (struct pollfd *)fds, (unsigned long)n, deadline_of(t), 0 };
	return with_mask((const uint64_t *)mask, do_poll, &p);
}

/* select over poll: each set bit becomes a pollfd, results are written back as bits. */
static long do_select(int n, fd_set *rd, fd_set *wr, fd_set *ex, uint64_t deadline)
{
	if (n < 0 || n > FD_SETSIZE)
		return -EINVAL;
	struct pollfd fds[FD_SETSIZE];
	int k = 0;
	for (int fd = 0; fd < n; fd++) {
		short ev = (rd && FD_ISSET(fd, rd) ? POLLIN : 0) | (wr && FD_ISSET(fd, wr) ? POLLOUT : 0) |
			   (ex && FD_ISSET(fd, ex) ? POLLPRI : 0);
		if (ev)
			fds[k++] = (struct pollfd){ fd, ev, 0 };
	}
	struct pollset p = { fds, (unsigned long)k, deadline, 0 };
	long r = do_poll(&p);
	if (r < 0)
		return r;
	for (int i = 0; i < k; i++)
		if (fds[i].revents & POLLNVAL)
			return -EBADF;
	if (rd) FD_ZERO(rd);
	if (wr) FD_ZERO(wr);
	if (ex) FD_ZERO(ex);
	long count = 0;
	for (int i = 0; i < k; i++) {
		short re = fds[i].revents;
		if (rd && (re & (POLLIN | POLLHUP | POLLERR)) && (fds[i].events & POLLIN)) { FD_SET(fds[i].fd, rd); count++; }
		if (wr && (re & (POLLOUT | POLLERR)) && (fds[i].events & POLLOUT)) { FD_SET(fds[i].fd, wr); count++; }
		if (ex && (re & POLLPRI)) { FD_SET(fds[i].fd, ex); count++; }
	}
	return count;
}

long sys_select(long n, long rd, long wr, long ex, long tv, long f)
{
	(void)f;
	const struct timeval *t = (const void *)tv;
	uint64_t dl = 0;
	if (t) {
		if (t->tv_sec < 0 || t->tv_usec < 0 || t->tv_usec >= 1000000)
			return -EINVAL;
		uint64_t ns = (uint64_t)t->tv_sec * 1000000000ull + (uint64_t)t->tv_usec * 1000;
		dl = ns ? uni_clock_ns() + ns : 1;
	}
	return do_select((int)n, (fd_set *)rd, (fd_set *)wr, (fd_set *)ex, dl);
}

struct pselect_args {
	int n;
	fd_set *rd, *wr, *ex;
	uint64_t deadline;
};

static long pselect_body(void *arg)
{
	struct pselect_args *a = arg;
	return do_select(a->n, a->rd, a->wr, a->ex, a->deadline);
}

long sys_pselect6(long n, long rd, long wr, long ex, long ts, long sig)
{
	const struct timespec *t = (const void *)ts;
	if (t && (t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= 1000000000))
		return -EINVAL;
	/* The sixth argument points at { const sigset_t *mask; size_t size; }. */
	const uint64_t *mask = sig ? ((const uint64_t *const *)sig)[0] : 0;
	struct pselect_args a = { (int)n, (fd_set *)rd, (fd_set *)wr, (fd_set *)ex, deadline_of(t) };
	return with_mask(mask, pselect_body, &a);
}
