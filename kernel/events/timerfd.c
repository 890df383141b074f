/* timerfd: expirations counted lazily against the clock whenever the file is looked at;
 * armed timers are listed so waits on several files wake at the next expiry. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <sys/timerfd.h>
#include "uni/events.h"
#include "uni/kmem.h"
#include "uni/runtime.h"

struct tfd {
	clockid_t clock;
	uint64_t deadline, interval;   /* monotonic ns; deadline 0 = disarmed */
	uint64_t expirations;
	struct tfd *next;              /* the armed list */
};

static struct tfd *armed;

static void unlist(struct tfd *t)
{
	for (struct tfd **p = &armed; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			return;
		}
}

static void update(struct tfd *t)
{
	uint64_t now = uni_clock_ns();
	if (!t->deadline || now < t->deadline)
		return;
	uint64_t n = 1 + (t->interval ? (now - t->deadline) / t->interval : 0);
	t->expirations += n;
	if (t->interval) {
		t->deadline += n * t->interval;
	} else {
		t->deadline = 0;
		unlist(t);
	}
}

uint64_t uni_timerfd_next(void)
{
	uint64_t d = 0;
	for (struct tfd *t = armed; t; t = t->next)
		if (!d || t->deadline < d)
			d = t->deadline;
	return d;
}

static int expired(void *arg)
{
	struct tfd *t = arg;
	update(t);
	return t->expirations > 0;
}

static ssize_t tfd_read(struct uni_file *f, void *buf, size_t len, uint64_t *pos)
{
	(void)pos;
	struct tfd *t = f->priv;
	if (len < 8)
		return -EINVAL;
	while (!expired(t)) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		/* Until the next expiry; a disarmed timer waits for settime's wake. */
		int r = uni_wait(f->wq, expired, t, t->deadline);
		if (r && r != -ETIMEDOUT)
			return r;
	}
	memcpy(buf, &t->expirations, 8);
	t->expirations = 0;
	return 8;
}

static unsigned tfd_poll(struct uni_file *f)
{
	return expired(f->priv) ? POLLIN | POLLRDNORM : 0;
}

static void tfd_release(struct uni_file *f)
{
	unlist(f->priv);
	uni_anon_release(f);
}

static const struct uni_file_ops tfd_ops = { .read = tfd_read, .poll = tfd_poll, .release = tfd_release };

static uint64_t ts_ns(const struct timespec *t) { return (uint64_t)t->tv_sec * 1000000000ull + (uint64_t)t->tv_nsec; }
static struct timespec ns_ts(uint64_t ns) { return (struct timespec){ (time_t)(ns / 1000000000), (long)(ns % 1000000000) }; }

static struct tfd *tfd_of(long fd)
{
	struct uni_file *f = uni_fd_get((int)fd);
	return f && f->ops == &tfd_ops ? f->priv : 0;
}

long sys_timerfd_create(long clock, long flags, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME)
		return -EINVAL;
	if (flags & ~(TFD_CLOEXEC | TFD_NONBLOCK))
		return -EINVAL;
	struct tfd *t = uni_kalloc(sizeof *t);
	if (!t)
		return -ENOMEM;
	t->clock = (clockid_t)clock;
	return uni_anon_file(&tfd_ops, t, sizeof *t, (flags & TFD_NONBLOCK) ? O_NONBLOCK : 0, !!(flags & TFD_CLOEXEC));
}

static void current_value(struct tfd *t, struct itimerspec *v)
{
	update(t);
	uint64_t now = uni_clock_ns();
	*v = (struct itimerspec){ ns_ts(t->interval), ns_ts(t->deadline > now ? t->deadline - now : t->deadline ? 1 : 0) };
}

long sys_timerfd_settime(long fd, long flags, long nv, long ov, long e, long f)
{
	(void)e, (void)f;
	struct tfd *t = tfd_of(fd);
	if (!t)
		return uni_fd_get((int)fd) ? -EINVAL : -EBADF;
	const struct itimerspec *v = (const void *)nv;
	if (v->it_value.tv_nsec < 0 || v->it_value.tv_nsec >= 1000000000 || v->it_interval.tv_nsec < 0 ||
	    v->it_interval.tv_nsec >= 1000000000 || v->it_value.tv_sec < 0 || v->it_interval.tv_sec < 0)
		return -EINVAL;
	if (ov)
		current_value(t, (struct itimerspec *)ov);
	unlist(t);
	t->expirations = 0;
	t->interval = ts_ns(&v->it_interval);
	uint64_t value = ts_ns(&v->it_value), now = uni_clock_ns();
	if (value && (flags & TFD_TIMER_ABSTIME)) {
		uint64_t clock_now = t->clock == CLOCK_REALTIME ? uni_clock_wall_ns() : now;
		value = value > clock_now ? value - clock_now : 1;
	}
	t->deadline = value ? now + value : 0;
	if (t->deadline) {
		t->next = armed;
		armed = t;
	}
	uni_wake(&uni_fd_get((int)fd)->inode->wq);   /* readers of a re-armed timer re-check */
	return 0;
}

long sys_timerfd_gettime(long fd, long v, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct tfd *t = tfd_of(fd);
	if (!t)
		return uni_fd_get((int)fd) ? -EINVAL : -EBADF;
	current_value(t, (struct itimerspec *)v);
	return 0;
}
