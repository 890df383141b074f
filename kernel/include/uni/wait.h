/* Blocking: how runtime code waits for a condition (data in a pipe, a futex change, a
 * timeout) without knowing about threads. Waiters name a queue; whoever makes the
 * condition true wakes the queue. The scheduler parks the waiting thread meanwhile. */
#ifndef UNI_WAIT_H
#define UNI_WAIT_H

#include <stdint.h>

struct uni_waitq {
	uint64_t wakeups;   /* bumped by uni_wake; waiters watch it */
	uint64_t woken_at;  /* uni_wake_stamp() at the last uni_wake: orders events (epoll) */
	int polled;         /* no one wakes it (a device without interrupts): waiters re-check
	                     * their condition every millisecond */
	int any;            /* a waiter for several files (poll, epoll): woken by every uni_wake */
};

/* Waits until cond(arg) is true; returns 0, or -ETIMEDOUT once the monotonic clock reaches
 * deadline_ns (0 = no deadline). cond is evaluated with no locks held and must be cheap;
 * it is re-evaluated after every uni_wake(q) and periodically. Returns -EINTR if a signal
 * handler must run first (once signals are asynchronous). */
int uni_wait(struct uni_waitq *q, int (*cond)(void *), void *arg, uint64_t deadline_ns);

/* Wakes every waiter of q so they re-check their condition. Cheap when nobody waits. */
void uni_wake(struct uni_waitq *q);

/* A number larger than every earlier one (a wake's woken_at among them): the order of events. */
uint64_t uni_wake_stamp(void);

#endif
