/* Signal timers: alarm, setitimer(ITIMER_REAL) and POSIX timers with SIGEV_SIGNAL or
 * SIGEV_NONE. The scheduler fires them (uni_sigtimers_expire) and arms the LAPIC for the
 * next one; a program that computes without syscalls still gets its signal at the tick. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/signal.h"

#define NTIMERS 32
#define ITIMER_SLOT NTIMERS   /* setitimer/alarm use the last slot */

struct sigtimer {
	int used, signo, notify;
	clockid_t clock;
	uint64_t deadline, interval;   /* monotonic ns; 0 = disarmed */
	int overrun;
	union sigval value;
};

static struct sigtimer timers[NTIMERS + 1];

/* Timers change under the big lock; the scheduler reads the deadlines under its own lock
 * (uni_sigtimers_next), so each is one atomic word, 0 for a timer not in use. */
static void set_deadline(struct sigtimer *t, uint64_t d)
{
	__atomic_store_n(&t->deadline, d, __ATOMIC_RELAXED);
}

static uint64_t ts_ns(const struct timespec *t) { return (uint64_t)t->tv_sec * 1000000000ull + (uint64_t)t->tv_nsec; }
static struct timespec ns_ts(uint64_t ns) { return (struct timespec){ (time_t)(ns / 1000000000), (long)(ns % 1000000000) }; }
static int valid(const struct timespec *t) { return t->tv_sec >= 0 && t->tv_nsec >= 0 && t->tv_nsec < 1000000000; }

void uni_sigtimers_expire(uint64_t now)
{
	for (int i = 0; i <= NTIMERS; i++) {
		struct sigtimer *t = &timers[i];
		if (!t->used || !t->deadline || now < t->deadline)
			continue;
		if (t->interval) {
			uint64_t missed = (now - t->deadline) / t->interval;
			t->overrun = (int)missed;
			set_deadline(t, t->deadline + (missed + 1) * t->interval);
		} else {
			set_deadline(t, 0);
		}
		if (t->notify != SIGEV_NONE)
			uni_signal_raise(t->signo, i == ITIMER_SLOT ? SI_KERNEL : SI_TIMER);
	}
}

uint64_t uni_sigtimers_next(void)
{
	uint64_t d = 0;
	for (int i = 0; i <= NTIMERS; i++) {
		uint64_t t = __atomic_load_n(&timers[i].deadline, __ATOMIC_RELAXED);
		if (t && (!d || t < d))
			d = t;
	}
	return d;
}

/* Arms t for 'value' from now (or at the absolute time on its clock), every 'interval'. */
static int arm(struct sigtimer *t, uint64_t value, uint64_t interval, int absolute)
{
	uint64_t now = uni_clock_ns();
	if (value && absolute) {
		uint64_t clock_now = t->clock == CLOCK_REALTIME ? uni_clock_wall_ns() : now;
		value = value > clock_now ? value - clock_now : 1;
	}
	if (value && uni_sched_start_irqs())
		return -EAGAIN;
	set_deadline(t, value ? now + value : 0);
	t->interval = interval;
	t->overrun = 0;
	uni_sched_rearm();
	return 0;
}

static uint64_t remaining(const struct sigtimer *t)
{
	uint64_t now = uni_clock_ns();
	return t->deadline > now ? t->deadline - now : t->deadline ? 1 : 0;
}

long sys_setitimer(long which, long nv, long ov, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (which != ITIMER_REAL)
		return -EINVAL;   /* virtual and profiling time are not kept */
	struct sigtimer *t = &timers[ITIMER_SLOT];
	if (ov) {
		uint64_t r = remaining(t);
		*(struct itimerval *)ov = (struct itimerval){ { (time_t)(t->interval / 1000000000), (suseconds_t)(t->interval % 1000000000 / 1000) },
							      { (time_t)(r / 1000000000), (suseconds_t)(r % 1000000000 / 1000) } };
	}
	if (nv) {
		const struct itimerval *v = (const void *)nv;
		if (v->it_value.tv_usec < 0 || v->it_value.tv_usec >= 1000000 || v->it_interval.tv_usec < 0 || v->it_interval.tv_usec >= 1000000)
			return -EINVAL;
		t->used = 1;
		t->signo = SIGALRM;
		t->notify = SIGEV_SIGNAL;
		t->clock = CLOCK_MONOTONIC;
		uint64_t value = (uint64_t)v->it_value.tv_sec * 1000000000ull + (uint64_t)v->it_value.tv_usec * 1000;
		uint64_t interval = (uint64_t)v->it_interval.tv_sec * 1000000000ull + (uint64_t)v->it_interval.tv_usec * 1000;
		return arm(t, value, interval, 0);
	}
	return 0;
}

long sys_getitimer(long which, long v, long c, long d, long e, long f)
{
	(void)c;
	return sys_setitimer(which, 0, v, d, e, f);
}

long sys_alarm(long seconds, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	struct itimerval nv = { { 0, 0 }, { (time_t)seconds, 0 } }, ov;
	sys_setitimer(ITIMER_REAL, (long)&nv, (long)&ov, 0, 0, 0);
	return ov.it_value.tv_sec + (ov.it_value.tv_usec > 0);
}

long sys_timer_create(long clock, long sev, long id, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME)
		return -EINVAL;
	const struct sigevent *ev = (const void *)sev;
	int notify = ev ? ev->sigev_notify : SIGEV_SIGNAL;
	int signo = ev ? ev->sigev_signo : SIGALRM;
	if (notify != SIGEV_SIGNAL && notify != SIGEV_NONE)
		return -EINVAL;   /* SIGEV_THREAD(_ID) need per-thread signal targets */
	if (notify == SIGEV_SIGNAL && (signo < 1 || signo > 64))
		return -EINVAL;
	for (int i = 0; i < NTIMERS; i++) {
		if (timers[i].used)
			continue;
		timers[i] = (struct sigtimer){ .used = 1, .signo = signo, .notify = notify, .clock = (clockid_t)clock,
					       .value = ev ? ev->sigev_value : (union sigval){ .sival_int = i } };
		*(int *)id = i;
		return 0;
	}
	return -EAGAIN;
}

static struct sigtimer *timer_of(long id)
{
	return id >= 0 && id < NTIMERS && timers[id].used ? &timers[id] : 0;
}

long sys_timer_settime(long id, long flags, long nv, long ov, long e, long f)
{
	(void)e, (void)f;
	struct sigtimer *t = timer_of(id);
	if (!t)
		return -EINVAL;
	const struct itimerspec *v = (const void *)nv;
	if (!valid(&v->it_value) || !valid(&v->it_interval))
		return -EINVAL;
	if (ov)
		*(struct itimerspec *)ov = (struct itimerspec){ ns_ts(t->interval), ns_ts(remaining(t)) };
	return arm(t, ts_ns(&v->it_value), ts_ns(&v->it_interval), flags & TIMER_ABSTIME);
}

long sys_timer_gettime(long id, long v, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct sigtimer *t = timer_of(id);
	if (!t)
		return -EINVAL;
	*(struct itimerspec *)v = (struct itimerspec){ ns_ts(t->interval), ns_ts(remaining(t)) };
	return 0;
}

long sys_timer_getoverrun(long id, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	struct sigtimer *t = timer_of(id);
	return t ? t->overrun : -EINVAL;
}

long sys_timer_delete(long id, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	struct sigtimer *t = timer_of(id);
	if (!t)
		return -EINVAL;
	set_deadline(t, 0);
	t->used = 0;
	return 0;
}
