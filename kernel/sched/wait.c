/* Blocking for one thread: re-check the condition until it holds or the deadline passes. */
#include <errno.h>
#include "uni/runtime.h"
#include "uni/wait.h"

int uni_wait(struct uni_waitq *q, int (*cond)(void *), void *arg, uint64_t deadline_ns)
{
	(void)q;
	while (!cond(arg)) {
		if (deadline_ns && uni_clock_ns() >= deadline_ns)
			return -ETIMEDOUT;
		__builtin_ia32_pause();
	}
	return 0;
}

void uni_wake(struct uni_waitq *q)
{
	__atomic_add_fetch(&q->wakeups, 1, __ATOMIC_RELEASE);
}
