/* Blocking on a condition: park the thread until the queue is woken, its deadline passes,
 * or (for devices without interrupts, q->polled) the next poll interval. */
#include <errno.h>
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/wait.h"

#define POLL_NS 1000000ull

int uni_wait(struct uni_waitq *q, int (*cond)(void *), void *arg, uint64_t deadline_ns)
{
	for (;;) {
		uni_preempt_disable();
		/* Devices and timers first, then the condition: a device poll after the check (in
		 * uni_sched_block) could satisfy it while the thread is not yet blocked. */
		uni_sched_poll();
		if (cond(arg)) {
			uni_preempt_enable();
			return 0;
		}
		uint64_t now = uni_clock_ns(), d = deadline_ns;
		if (d && now >= d) {
			uni_preempt_enable();
			return -ETIMEDOUT;
		}
		if (q && q->polled && (!d || d > now + POLL_NS))
			d = now + POLL_NS;
		int r = uni_sched_block(q, d);
		uni_preempt_enable();
		if (r == -EINTR)
			return r;
	}
}

uint64_t uni_wake_stamp(void)
{
	static uint64_t stamp;
	return __atomic_add_fetch(&stamp, 1, __ATOMIC_RELAXED);
}

void uni_wake(struct uni_waitq *q)
{
	q->woken_at = uni_wake_stamp();
	__atomic_add_fetch(&q->wakeups, 1, __ATOMIC_RELEASE);
	uni_preempt_disable();
	uni_sched_wake_waiters(q);
	uni_preempt_enable();
}
