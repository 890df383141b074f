/* Time syscalls over the TSC clock (core/clock.c), setting the wall clock and reading its
 * (undisciplined) NTP state. Sleeping is in syscall/thread.c. */
#include <errno.h>
#include <time.h>
#include <string.h>
#include <sys/time.h>
#include <sys/timex.h>
#include "uni/cred.h"
#include "uni/runtime.h"

static int clock_now(long id, struct timespec *ts)
{
	uint64_t ns;
	switch (id) {
	case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE: case CLOCK_TAI:
		ns = uni_clock_wall_ns();
		break;
	case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		ns = uni_clock_ns();
		break;
	case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
		/* One process, never descheduled: CPU time is time since the runtime started. */
		ns = uni_clock_since_start_ns();
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

/* Setting the wall clock: root only (CAP_SYS_TIME); the monotonic clocks cannot be set. */
static long set_wall(const struct timespec *t)
{
	if (uni_cred.euid != 0)
		return -EPERM;
	if (t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= 1000000000)
		return -EINVAL;
	uni_clock_set_wall_ns((uint64_t)t->tv_sec * 1000000000ull + (uint64_t)t->tv_nsec);
	return 0;
}

long sys_clock_settime(long id, long ts, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return id == CLOCK_REALTIME ? set_wall((const struct timespec *)ts) : -EINVAL;
}

long sys_settimeofday(long tv, long tz, long c, long d, long e, long f)
{
	(void)tz, (void)c, (void)d, (void)e, (void)f;
	if (!tv)
		return 0;
	const struct timeval *v = (const struct timeval *)tv;
	if (v->tv_usec < 0 || v->tv_usec >= 1000000)
		return -EINVAL;
	struct timespec t = { v->tv_sec, v->tv_usec * 1000 };
	return set_wall(&t);
}

/* adjtimex and clock_adjtime: the state can be read (the clock is not NTP-disciplined:
 * TIME_ERROR, STA_UNSYNC); adjusting it is refused, as for a process without CAP_SYS_TIME. */
long sys_adjtimex(long buf, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	struct timex *t = (struct timex *)buf;
	if (t->modes)
		return -EPERM;
	uint64_t ns = uni_clock_wall_ns();
	memset(t, 0, sizeof *t);
	t->maxerror = t->esterror = 16000000;   /* µs: Linux's values for an unsynchronised clock */
	t->status = STA_UNSYNC;
	t->constant = 2;
	t->precision = 1;
	t->tolerance = 32768000;
	t->tick = 10000;
	t->time.tv_sec = (time_t)(ns / 1000000000ull);
	t->time.tv_usec = (suseconds_t)(ns % 1000000000ull / 1000);
	return TIME_ERROR;
}

long sys_clock_adjtime(long id, long buf, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return id == CLOCK_REALTIME ? sys_adjtimex(buf, 0, 0, 0, 0, 0) : -EINVAL;
}
