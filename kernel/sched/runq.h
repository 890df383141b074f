/* The scheduler's own interface between sched/sched.c (run queues, blocking and waking, the
 * tick) and sched/idle.c (what a CPU does with nothing to run). Functions that read a CPU's
 * queue or a thread's state are called with that CPU's run-queue lock. */
#ifndef UNI_SCHED_RUNQ_H
#define UNI_SCHED_RUNQ_H

#include <stdint.h>
#include "uni/cpu.h"

static inline void uni_rq_lock(struct uni_cpu *c) { uni_spin_lock(&c->rq_lock); }
static inline void uni_rq_unlock(struct uni_cpu *c) { uni_spin_unlock(&c->rq_lock); }

void uni_rq_enqueue(struct uni_cpu *c, struct uni_thread *t);
struct uni_thread *uni_rq_dequeue(struct uni_cpu *c);
/* The next thread for c, this CPU, to run (NULL if none), once the CPU that ran it last is off
 * its stack; cur: the thread switching away, which may be the one dequeued. */
struct uni_thread *uni_rq_take_next(struct uni_cpu *c, struct uni_thread *cur);
/* Makes c's sleepers whose deadline passed runnable; c's earliest deadline (its sleepers' or
 * a signal timer's, 0 = none); arms c's timer for that or the end of a slice. */
void uni_rq_wake_expired(struct uni_cpu *c, uint64_t now);
uint64_t uni_rq_earliest_deadline(struct uni_cpu *c);
void uni_rq_arm_timer(struct uni_cpu *c, uint64_t now);
/* Makes t the thread c runs (its TLS and vector-state area). */
void uni_rq_set_current(struct uni_cpu *c, struct uni_thread *t);
/* Runs next on c instead of cur, with c's lock held, which it drops; returns when cur runs
 * again. */
void uni_rq_switch(struct uni_cpu *c, struct uni_thread *cur, struct uni_thread *next);

/* Whether signals from outside, devices or signal timers have something for the big lock to
 * do (read without a lock); doing it, with the big lock taken for it if not held. */
int uni_sched_outside_pending(uint64_t now);
void uni_sched_poll_pending(uint64_t now);

/* sched/idle.c: c's idle context, made the first time (the first CPU's) it has nothing to run. */
struct uni_thread *uni_idle_context(struct uni_cpu *c);

#endif
