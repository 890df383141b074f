/* Thread syscalls: futex (PI included), robust lists, thread exit, tids, yield and sleeping,
 * over sched/. */
#include <errno.h>
#include <time.h>
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/uaccess.h"

/* Linux's futex operations (musl has no <linux/futex.h>). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_LOCK_PI2 13
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

static uint64_t ts_ns(const struct timespec *t)
{
	return (uint64_t)t->tv_sec * 1000000000ull + (uint64_t)t->tv_nsec;
}

static int valid_ts(const struct timespec *t)
{
	return t->tv_sec >= 0 && t->tv_nsec >= 0 && t->tv_nsec < 1000000000;
}

/* A futex timeout as Linux takes it: -EFAULT when the program cannot read it, -EINVAL when
 * it is out of range, else 0 (NULL: no timeout). */
static long timeout_ok(const struct timespec *t)
{
	if (!t)
		return 0;
	if (uni_user_check(t, sizeof *t, 0))
		return -EFAULT;
	return valid_ts(t) ? 0 : -EINVAL;
}

/* Monotonic deadline of a futex timeout: relative for FUTEX_WAIT, absolute for the
 * bitset variant (on CLOCK_REALTIME with FUTEX_CLOCK_REALTIME). 0 = none, 1 = passed. */
static uint64_t futex_deadline(int cmd, int op, const struct timespec *t)
{
	if (!t)
		return 0;
	uint64_t now = uni_clock_ns(), v = ts_ns(t);
	if (cmd == FUTEX_WAIT)
		return now + v;
	if (op & FUTEX_CLOCK_REALTIME) {
		uint64_t wall = uni_clock_wall_ns();
		return v > wall ? now + (v - wall) : 1;
	}
	return v ? v : 1;
}

/* The PI futexes (sched/futex_pi.c) are in an image only when its program makes a PI mutex
 * (links/futex_pi.S) or links every gated call (links/all.S). */
#pragma weak uni_futex_lock_pi
#pragma weak uni_futex_unlock_pi

static long pi_not_linked(void)
{
	uni_log("futex: PI operations not linked: no PTHREAD_PRIO_INHERIT mutex in the program; "
		"returning ENOSYS (fix: link with -Wl,--undefined=uni_syscalls_all)");
	return -ENOSYS;
}

/* What every futex call checks first, in Linux's order: its timeout, for the operations that
 * take one, then the word's alignment. 0 or -errno. */
static long futex_args(int cmd, long uaddr, const struct timespec *t)
{
	int timed = cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2;
	long r = timed ? timeout_ok(t) : 0;
	return r ? r : uaddr & 3 ? -EINVAL : 0;
}

/* What FUTEX_WAIT and FUTEX_WAIT_BITSET check before they read the word: 0 or -errno. */
static long wait_args(int cmd, const uint32_t *a, uint32_t val3)
{
	if (cmd == FUTEX_WAIT_BITSET && !val3)
		return -EINVAL;
	return uni_user_check(a, sizeof *a, 0);
}

/* The PI operations, under the big lock (they read thread ids and hand the word over). */
static long futex_pi(int cmd, long op, uint32_t *a, const struct timespec *t)
{
	switch (cmd) {
	case FUTEX_LOCK_PI: case FUTEX_LOCK_PI2: {
		if (!uni_futex_lock_pi)
			return pi_not_linked();
		if (uni_user_check(a, sizeof *a, 1))
			return -EFAULT;
		/* An absolute timeout: CLOCK_REALTIME for LOCK_PI, monotonic for LOCK_PI2 unless
		 * FUTEX_CLOCK_REALTIME says otherwise. */
		int clock = cmd == FUTEX_LOCK_PI ? FUTEX_CLOCK_REALTIME : (int)op & FUTEX_CLOCK_REALTIME;
		return uni_futex_lock_pi(a, 0, futex_deadline(FUTEX_WAIT_BITSET, clock, t));
	}
	case FUTEX_TRYLOCK_PI:
		if (uni_user_check(a, sizeof *a, 1))
			return -EFAULT;
		return uni_futex_lock_pi ? uni_futex_lock_pi(a, 1, 0) : pi_not_linked();
	case FUTEX_UNLOCK_PI:
		if (uni_user_check(a, sizeof *a, 1))
			return -EFAULT;
		return uni_futex_unlock_pi ? uni_futex_unlock_pi(a) : pi_not_linked();
	default:
		return -ENOSYS;
	}
}

/* futex is a lockless call (syscall/dispatch.c): at depth 1 without --trace it holds no lock.
 * Waits, wakes and requeues take only the word's bucket lock and a CPU's run-queue lock
 * (sched/futex.c), and not even those when the word differs or nobody waits: each such
 * answer rests on one read (the word, or the waiter count), the moment it takes effect. The PI operations take the big lock; nested
 * calls from runtime code already hold it. */
long sys_futex(long uaddr, long op, long val, long timeout, long uaddr2, long val3)
{
	int cmd = (int)(op & FUTEX_CMD_MASK);
	uint32_t *a = (uint32_t *)uaddr;
	const struct timespec *t = (const void *)timeout;
	long r = futex_args(cmd, uaddr, t);
	if (r)
		return r;
	switch (cmd) {
	case FUTEX_WAIT: case FUTEX_WAIT_BITSET: {
		if ((r = wait_args(cmd, a, (uint32_t)val3)))
			return r;
		if (__atomic_load_n(a, __ATOMIC_ACQUIRE) != (uint32_t)val)
			return -EAGAIN;
		uint32_t bits = cmd == FUTEX_WAIT ? 0xffffffffu : (uint32_t)val3;
		return uni_futex_wait(a, (uint32_t)val, bits, futex_deadline(cmd, (int)op, t));
	}
	case FUTEX_WAKE: case FUTEX_WAKE_BITSET: {
		uint32_t bits = cmd == FUTEX_WAKE ? 0xffffffffu : (uint32_t)val3;
		if (!bits)
			return -EINVAL;
		return uni_futex_unwaited(a) ? 0 : uni_futex_wake(a, (int)val, bits);
	}
	case FUTEX_REQUEUE:
		return uni_futex_unwaited(a) ? 0 : uni_futex_requeue(a, (int)val, (uint32_t *)uaddr2, (int)timeout);
	case FUTEX_CMP_REQUEUE:
		if (uni_user_check(a, sizeof *a, 0))
			return -EFAULT;
		if (__atomic_load_n(a, __ATOMIC_ACQUIRE) != (uint32_t)val3)
			return -EAGAIN;
		return uni_futex_requeue(a, (int)val, (uint32_t *)uaddr2, (int)timeout);
	}
	int take = uni_preempt_depth() == 1 && !uni_trace_on;
	if (take)
		uni_lock_acquire();
	r = futex_pi(cmd, op, a, t);
	if (take)
		uni_lock_release();
	return r;
}

/* Linux's sizeof(struct robust_list_head) on x86_64. */
#define ROBUST_HEAD_SIZE 24

long sys_set_robust_list(long head, long len, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (len != ROBUST_HEAD_SIZE)
		return -EINVAL;
	uni_current->robust_list = (uint64_t)head;
	return 0;
}

long sys_get_robust_list(long pid, long head_ptr, long len_ptr, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	struct uni_thread *t = pid ? uni_thread_by_tid((int)pid) : uni_current;
	if (!t)
		return -ESRCH;
	*(uint64_t *)head_ptr = t->robust_list;
	*(uint64_t *)len_ptr = ROBUST_HEAD_SIZE;
	return 0;
}

long sys_thread_exit(long status, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	uni_thread_exit((int)status);
}

long sys_exit_group(long status, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	if (uni_net_drain)
		uni_net_drain();
	uni_exit((int)status);
}

long sys_gettid(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	return uni_current->tid;
}

long sys_set_tid_address(long p, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	uni_current->clear_tid = (int *)p;
	return uni_current->tid;
}

long sys_sched_yield(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	uni_sched_yield();
	return 0;
}

/* Sleeps until the monotonic deadline, letting other threads run; a signal cuts it short
 * with -EINTR and the time left in *rem. */
static long sleep_until(uint64_t deadline, struct timespec *rem)
{
	long r = 0;
	uni_preempt_disable();
	while (uni_clock_ns() < deadline)
		if (uni_sched_block(0, deadline) == -EINTR) {
			r = -EINTR;
			break;
		}
	uni_preempt_enable();
	if (r && rem) {
		if (uni_user_check(rem, sizeof *rem, 1))
			return -EFAULT;
		uint64_t now = uni_clock_ns(), left = deadline > now ? deadline - now : 0;
		*rem = (struct timespec){ (time_t)(left / 1000000000), (long)(left % 1000000000) };
	}
	return r;
}

long sys_nanosleep(long req, long rem, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	const struct timespec *t = (const void *)req;
	if (!valid_ts(t))
		return -EINVAL;
	return sleep_until(uni_clock_ns() + ts_ns(t), (struct timespec *)rem);
}

long sys_clock_nanosleep(long id, long flags, long req, long rem, long e, long f)
{
	(void)e, (void)f;
	const struct timespec *t = (const void *)req;
	if (!valid_ts(t))
		return -EINVAL;
	uint64_t want = ts_ns(t);
	if (!(flags & TIMER_ABSTIME))
		return sleep_until(uni_clock_ns() + want, (struct timespec *)rem);
	uint64_t now = id == CLOCK_REALTIME ? uni_clock_wall_ns() : uni_clock_ns();
	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC && id != CLOCK_BOOTTIME)
		return -EINVAL;
	return want > now ? sleep_until(uni_clock_ns() + (want - now), 0) : 0;
}
