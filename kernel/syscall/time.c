/* Time syscalls over the TSC clock (core/clock.c). Sleeping spins on the clock for now:
 * idling the CPU needs ring 0 and a timer interrupt, which come with the scheduler. */
#include <errno.h>
#include <time.h>
#include <sys/time.h>
#include "uni/runtime.h"

static int clock_now(long id, struct timespec *ts)
{
	uint64_t ns;
	switch (id) {
	case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE: case CLOCK_TAI:
		ns = uni_clock_wall_ns();
		break;
	case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME: case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
		/* One process, one thread, never descheduled: CPU time is time since boot. */
		ns = uni_clock_ns();
		break;
	default:
		return -EINVAL;
	}
	ts->tv_sec = (time_t)(ns / 1000000000);
	ts->tv_nsec = (long)(ns % 1000000000);
	return 0;
}

long sys_clock_gettime(long id, long ts, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return clock_now(id, (struct timespec *)ts);
}

long sys_clock_getres(long id, long ts, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct timespec t;
	if (clock_now(id, &t))
		return -EINVAL;
	if (ts)
		*(struct timespec *)ts = (struct timespec){ 0, 1 };
	return 0;
}

long sys_gettimeofday(long tv, long tz, long c, long d, long e, long f)
{
	(void)tz, (void)c, (void)d, (void)e, (void)f;
	uint64_t ns = uni_clock_wall_ns();
	if (tv)
		*(struct timeval *)tv = (struct timeval){ (time_t)(ns / 1000000000), (suseconds_t)(ns % 1000000000 / 1000) };
	return 0;
}

long sys_time(long t, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	time_t now = (time_t)(uni_clock_wall_ns() / 1000000000);
	if (t)
		*(time_t *)t = now;
	return now;
}

static long sleep_until(uint64_t deadline)
{
	while (uni_clock_ns() < deadline)
		__builtin_ia32_pause();
	return 0;
}

static int valid(const struct timespec *t)
{
	return t->tv_sec >= 0 && t->tv_nsec >= 0 && t->tv_nsec < 1000000000;
}

long sys_nanosleep(long req, long rem, long c, long d, long e, long f)
{
	(void)rem, (void)c, (void)d, (void)e, (void)f;
	const struct timespec *t = (const void *)req;
	if (!valid(t))
		return -EINVAL;
	return sleep_until(uni_clock_ns() + (uint64_t)t->tv_sec * 1000000000 + (uint64_t)t->tv_nsec);
}

long sys_clock_nanosleep(long id, long flags, long req, long rem, long e, long f)
{
	(void)rem, (void)e, (void)f;
	const struct timespec *t = (const void *)req;
	struct timespec now;
	if (!valid(t) || clock_now(id, &now))
		return -EINVAL;
	uint64_t want = (uint64_t)t->tv_sec * 1000000000 + (uint64_t)t->tv_nsec;
	uint64_t cur = (uint64_t)now.tv_sec * 1000000000 + (uint64_t)now.tv_nsec;
	if (flags & TIMER_ABSTIME)
		return want > cur ? sleep_until(uni_clock_ns() + (want - cur)) : 0;
	return sleep_until(uni_clock_ns() + want);
}
