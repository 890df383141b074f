/* Readiness of any open file, and waiting on several files at once. */
#include <errno.h>
#include <poll.h>
#include "uni/events.h"
#include "uni/runtime.h"

unsigned uni_file_ready(struct uni_file *f)
{
	if (f->ops && f->ops->poll)
		return f->ops->poll(f);
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

int uni_file_polled(struct uni_file *f)
{
	return f->wq && f->wq->polled;
}

int uni_wait_any(int (*cond)(void *), void *arg, uint64_t deadline, int polled)
{
	struct uni_waitq q = { .polled = polled, .any = 1 };
	for (;;) {
		uint64_t t = uni_timerfd_next ? uni_timerfd_next() : 0, d = deadline;
		if (t && (!d || t < d))
			d = t;
		int r = uni_wait(&q, cond, arg, d);
		if (r != -ETIMEDOUT || (deadline && uni_clock_ns() >= deadline))
			return r;
		if (cond(arg))
			return 0;
	}
}
