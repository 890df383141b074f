/* The scheduler: a FIFO run queue per CPU, blocking with deadlines, and a one-shot timer per
 * CPU that is armed only when something is due (a time slice while threads wait for that CPU,
 * its earliest sleeper or a signal timer). No periodic tick. A thread made runnable goes to
 * the queue of the CPU it ran on; an idle CPU is woken for it (sched/idle.c: an idle CPU takes
 * threads from other CPUs' queues). The runtime is not preemptible: runtime code runs with the
 * CPU's preemption depth raised; a thread keeps its depth across switches.
 *
 * Locking: each CPU's run-queue lock covers its queue, its idle flag, its sleepers and the
 * state of every thread whose 'cpu' it is (queued there, running there, or blocked after
 * running there); a thread's 'cpu' changes only while it waits in a queue, under both CPUs'
 * locks. No lock is held across a switch: a thread that blocks is marked so under its CPU's
 * lock, and may be woken and queued elsewhere before that CPU is off its stack; 'on_cpu'
 * says so, and the CPU that is to run it waits for it to clear (the next context clears it:
 * uni_sched_switched, or sched/switch.S for a preempted frame). The big lock is dropped at a
 * switch too: a thread that held it takes it again when it runs. So a futex wait or wake,
 * which runs without the big lock, takes the lock of its futex bucket and of one or two CPUs
 * alone. What the scheduler does for the rest of the runtime (signals from outside, device
 * polling, signal timers) needs the big lock, taken only when one of them has something. */
#include <errno.h>
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/platform.h"
#include "uni/signal.h"
#include "sched/runq.h"

#define TIME_SLICE_NS 10000000ull

struct uni_thread uni_main_thread;   /* runnable; uni_boot_cpu_init gives it its id */
struct uni_thread *uni_all_threads = &uni_main_thread;

/* Each function below that reads a CPU's queue or a thread's state is called with the lock of
 * that CPU's queue (sched/runq.h). */
void uni_rq_enqueue(struct uni_cpu *c, struct uni_thread *t)
{
	t->cpu = c;
	t->next_run = 0;
	if (c->run_tail)
		c->run_tail->next_run = t;
	else
		c->run_head = t;
	c->run_tail = t;
	c->nqueued++;
}

struct uni_thread *uni_rq_dequeue(struct uni_cpu *c)
{
	struct uni_thread *t = c->run_head;
	if (!t)
		return 0;
	if (!(c->run_head = t->next_run))
		c->run_tail = 0;
	c->nqueued--;
	return t;
}

struct uni_thread *uni_rq_take_next(struct uni_cpu *c, struct uni_thread *cur)
{
	struct uni_thread *t = uni_rq_dequeue(c);
	c->kicked = 0;   /* it runs its queue: others may take from it again */
	if (t && t != cur) {
		while (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE)) {
			__builtin_ia32_pause();
			uni_smp_service_flush();
		}
		t->on_cpu = 1;
	}
	return t;
}

static void sleeper_remove(struct uni_cpu *c, struct uni_thread *t)
{
	for (struct uni_thread **p = &c->sleepers; *p; p = &(*p)->next_sleep)
		if (*p == t) {
			*p = t->next_sleep;
			return;
		}
}

/* t, runnable, with t->cpu == c: into c's queue. If c idles, it is woken to run it (and no
 * other CPU takes it meanwhile: 'kicked'); else another idle CPU is woken, which takes it
 * unless c gets to it first (steal). It must get a CPU within a slice even if the running
 * threads never block, so c's timer fires by then (this CPU's) or c is interrupted (another
 * CPU's: its scheduler runs at once). */
static void place(struct uni_cpu *c, struct uni_thread *t)
{
	struct uni_cpu *self = uni_cpu();
	uni_rq_enqueue(c, t);
	if (c->idle) {
		c->idle = 0;
		c->kicked = 1;
		uni_smp_ipi(c, UNI_VEC_RESCHED);
		return;
	}
	if (c->current == &c->idle_thread) {
		c->kicked = 1;   /* c's idle loop looks at its queue before it says it idles */
		return;
	}
	/* The queue, then the idle flags: a CPU about to halt sets its flag, then looks at the
	 * queues (halt), so one of the two sees the other. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (int i = 0; i < uni_ncpus; i++) {
		struct uni_cpu *d = uni_cpu_by_index(i);
		if (d != c && d->idle && __atomic_exchange_n(&d->idle, 0, __ATOMIC_ACQ_REL)) {
			uni_smp_ipi(d, UNI_VEC_RESCHED);
			return;
		}
	}
	uint64_t now = uni_clock_ns(), armed = c->armed;
	if (armed && armed > now && armed <= now + TIME_SLICE_NS)
		return;   /* c's timer ends the running thread's slice in time */
	if (c != self) {
		uni_smp_ipi(c, UNI_VEC_RESCHED);
		return;
	}
	uni_rq_arm_timer(c, now);
}

static void make_runnable(struct uni_cpu *c, struct uni_thread *t, int woken)
{
	if (t->wake_at)
		sleeper_remove(c, t);
	t->state = UNI_RUNNABLE;
	t->woken = woken;
	t->wake_at = 0;
	t->waiting_on = 0;
	place(c, t);
}

/* The lock of t's CPU: t->cpu is read again under it, as it may change until then. */
struct uni_cpu *uni_sched_hold(struct uni_thread *t)
{
	for (;;) {
		struct uni_cpu *c = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
		uni_rq_lock(c);
		if (t->cpu == c)
			return c;
		uni_rq_unlock(c);
	}
}

void uni_sched_release(struct uni_cpu *c)
{
	uni_rq_unlock(c);
}

/* t, if blocked, made runnable with 'woken' (1 woken, 2 interrupted); 1 if it was blocked. */
static int wake_held(struct uni_cpu *c, struct uni_thread *t, int woken)
{
	if (t->state != UNI_BLOCKED)
		return 0;
	make_runnable(c, t, woken);
	return 1;
}

int uni_sched_wake_held(struct uni_cpu *c, struct uni_thread *t)
{
	return wake_held(c, t, 1);
}

static int wake(struct uni_thread *t, int woken)
{
	struct uni_cpu *c = uni_sched_hold(t);
	int blocked = wake_held(c, t, woken);
	uni_rq_unlock(c);
	return blocked;
}

int uni_sched_wake(struct uni_thread *t)
{
	return wake(t, 1);
}

volatile int uni_device_irq;
void (*uni_device_poll)(void);

/* With the big lock: takes signals from outside, fires due signal timers and lets the
 * drivers look at their devices (they wake whoever waits for them). */
static void poll_outside(uint64_t now)
{
	uni_hostsig_poll();
	if (uni_device_poll)
		uni_device_poll();
	else
		uni_device_irq = 0;   /* no driver to acknowledge it (its poll clears it) */
	uni_sigtimers_expire(now);
}

/* Whether poll_outside has something to do: read without a lock, so that a CPU takes the big
 * lock for it only then (the interrupt paths set the flags before they wake a CPU). */
int uni_sched_outside_pending(uint64_t now)
{
	uint64_t d = uni_sigtimers_next();
	return uni_device_irq || uni_hostsig_irq || (d && d <= now);
}

/* poll_outside if it has something to do, with the big lock taken for it if not held. */
void uni_sched_poll_pending(uint64_t now)
{
	if (!uni_sched_outside_pending(now))
		return;
	if (uni_lock_held()) {
		poll_outside(now);
		return;
	}
	uni_lock_acquire();
	poll_outside(now);
	uni_lock_release();
}

/* Wakes c's sleepers whose deadline passed. */
void uni_rq_wake_expired(struct uni_cpu *c, uint64_t now)
{
	struct uni_thread *t = c->sleepers;
	while (t) {
		struct uni_thread *next = t->next_sleep;
		if (now >= t->wake_at)
			make_runnable(c, t, 0);
		t = next;
	}
}

uint64_t uni_rq_earliest_deadline(struct uni_cpu *c)
{
	uint64_t d = uni_sigtimers_next();
	for (struct uni_thread *t = c->sleepers; t; t = t->next_sleep)
		if (!d || t->wake_at < d)
			d = t->wake_at;
	return d;
}

/* This CPU's next timer: a slice end if a thread waits for it, else the earliest deadline. */
void uni_rq_arm_timer(struct uni_cpu *c, uint64_t now)
{
	uint64_t d = uni_rq_earliest_deadline(c);
	if (c->run_head && (!d || now + TIME_SLICE_NS < d))
		d = now + TIME_SLICE_NS;
	if (uni_sched_irqs) {
		uni_plat->timer_arm(d);
		c->armed = d;
	}
}

void uni_rq_set_current(struct uni_cpu *c, struct uni_thread *t)
{
	c->current = t;
	c->cur_xsave = t->xsave;
	uni_set_fs(t->fsbase);
}

/* Runs 'next' on c, this CPU, instead of 'cur' (queued, blocked or the idle context), with c's
 * lock held, which it drops; returns when 'cur' runs again, maybe on another CPU, with the big
 * lock held again if it was. cur stays on_cpu until the next context is off its stack. */
void uni_rq_switch(struct uni_cpu *c, struct uni_thread *cur, struct uni_thread *next)
{
	cur->fsbase = uni_get_fs();
	cur->preempt_depth = c->preempt_off;
	cur->held_big = uni_lock_held();
	uni_lock_release();
	c->handoff = &cur->on_cpu;
	uni_rq_set_current(c, next);
	int preempted = next->preempted;
	next->preempted = 0;
	uni_rq_unlock(c);
	if (preempted) {
		uni_switch_to_frame(&cur->rsp, &next->frame, next->xsave);
	} else {
		c->preempt_off = next->preempt_depth;
		uni_switch_stacks(&cur->rsp, next->rsp);
	}
	uni_sched_switched();
}

/* The first thing a context does when it runs again after a switch (or for the first time:
 * sched/switch.S's trampoline): lets the thread it switched from go, then takes the big lock
 * back if it held that when it switched out. */
void uni_sched_switched(void)
{
	struct uni_cpu *c = uni_cpu();
	struct uni_thread *cur = c->current;
	c->preempt_off = cur->preempt_depth;
	uni_cpu_handoff_done(c);
	if (cur->held_big)
		uni_lock_acquire();
}

/* Runs another thread; returns when the current one runs again. The current thread must
 * already be queued (yield) or blocked, under c's lock (c is this CPU), which this drops.
 * Preemption is disabled throughout. */
static void schedule(struct uni_cpu *c)
{
	struct uni_thread *cur = c->current, *next;
	uint64_t now = uni_clock_ns();
	uni_rq_wake_expired(c, now);
	next = uni_rq_take_next(c, cur);
	if (!next)
		next = uni_idle_context(c);
	else
		uni_rq_arm_timer(c, now);
	if (next == cur) {
		/* Woken before it could block (a deadline that passed meanwhile): it did not give
		 * up the big lock, so a thread that keeps polling would starve the other CPUs. */
		uni_rq_unlock(c);
		uni_lock_yield();
		return;
	}
	uni_rq_switch(c, cur, next);
}

/* From sched/irq.S: the timer or a reschedule IPI came in ring 3 while no runtime code ran
 * on this CPU. Interrupts stay off. Runs a pending signal's handler in the interrupted
 * thread (with the big lock, taken only then or for poll_outside), else puts it at the back
 * of the queue and runs the next one. */
_Noreturn void uni_sched_tick(void)
{
	struct uni_cpu *c = uni_cpu();
	uni_plat->timer_eoi();
	c->preempt_off = 1;
	c->preempt_pending = 0;
	struct uni_thread *cur = c->current, *next;
	cur->frame = c->irq_frame;
	cur->fsbase = uni_get_fs();
	uint64_t now = uni_clock_ns();
	if (uni_sched_outside_pending(now) || uni_signal_ready()) {
		uni_lock_acquire();
		poll_outside(now);
		/* A pending signal runs its handler in the interrupted thread before anything else. */
		int sig = uni_signal_next();
		if (sig) {
			uni_rq_lock(c);
			uni_rq_arm_timer(c, now);
			uni_rq_unlock(c);
			uni_signal_async(sig, &cur->frame, cur->xsave);
		}
		uni_lock_release();
	}
	uni_rq_lock(c);
	uni_rq_wake_expired(c, now);
	cur->preempted = 1;
	__atomic_store_n(&cur->on_cpu, 0, __ATOMIC_RELEASE);   /* all of it is in its struct now */
	uni_rq_enqueue(c, cur);
	next = uni_rq_take_next(c, 0);
	uni_rq_arm_timer(c, now);
	uni_rq_set_current(c, next);
	int preempted = next->preempted;
	next->preempted = 0;
	uni_rq_unlock(c);
	if (preempted)
		uni_resume_frame(&next->frame, next->xsave);
	c->preempt_off = next->preempt_depth;
	uni_jump_to_stack(next->rsp);
}

/* Puts the current thread at the back of its CPU's queue if others wait there. */
static void yield_to_queued(void)
{
	struct uni_cpu *c = uni_cpu();
	uni_rq_lock(c);
	if (c->run_head) {
		uni_rq_enqueue(c, c->current);
		schedule(c);
	} else {
		uni_rq_unlock(c);
	}
}

int uni_preempt_depth(void)
{
	int d;
	__asm__ volatile("movl %%gs:%c1, %0" : "=r"(d) : "i"(UNI_CPU_PREEMPT_OFF));
	return d;
}

void uni_preempt_disable(void)
{
	/* One instruction: a tick before it may move the thread; after it, it stays here. */
	__asm__ volatile("incl %%gs:%c0" : : "i"(UNI_CPU_PREEMPT_OFF) : "memory");
	if (uni_cpu()->preempt_off == 1)
		uni_lock_acquire();
}

void uni_preempt_enable(void)
{
	struct uni_cpu *c = uni_cpu();
	if (c->preempt_off > 1) {
		c->preempt_off--;
		return;
	}
	for (;;) {
		/* Lock first, then the depth: a tick in between sees depth 1 and is only noted. */
		uni_lock_release();
		__asm__ volatile("movl $0, %%gs:%c0" : : "i"(UNI_CPU_PREEMPT_OFF) : "memory");
		int pending;
		__asm__ volatile("movl %%gs:%c1, %0" : "=r"(pending) : "i"(UNI_CPU_PREEMPT_PENDING) : "memory");
		if (!pending)
			return;
		/* A tick noted between the load and this store is taken by the yield below anyway. */
		__asm__ volatile("movl $0, %%gs:%c0" : : "i"(UNI_CPU_PREEMPT_PENDING) : "memory");
		/* Runtime depth without the big lock: the interrupt may have been a device or a
		 * signal from outside, which take it, or only the end of a slice, which does not. */
		__asm__ volatile("incl %%gs:%c0" : : "i"(UNI_CPU_PREEMPT_OFF) : "memory");
		uni_sched_poll_pending(uni_clock_ns());
		yield_to_queued();
		c = uni_cpu();
	}
}

void uni_sched_poll(void)
{
	if (uni_lock_held())
		poll_outside(uni_clock_ns());
}

int uni_sched_block(struct uni_waitq *q, uint64_t deadline)
{
	return uni_sched_block_dropping(q, deadline, 0);
}

/* A signal sent before this CPU's lock was taken is seen here; one sent after finds the
 * thread blocked and interrupts it (uni_sched_interrupt takes the lock). */
int uni_sched_block_dropping(struct uni_waitq *q, uint64_t deadline, struct uni_spinlock *held)
{
	struct uni_cpu *c = uni_cpu();
	struct uni_thread *cur = c->current;
	uni_rq_lock(c);
	if (uni_signal_ready()) {
		uni_rq_unlock(c);
		if (held)
			uni_spin_unlock(held);
		return -EINTR;
	}
	cur->state = UNI_BLOCKED;
	cur->woken = 0;
	cur->wake_at = deadline;
	cur->waiting_on = q;
	if (deadline) {
		cur->next_sleep = c->sleepers;
		c->sleepers = cur;
	}
	if (held)
		uni_spin_unlock(held);
	schedule(c);
	return cur->woken == 1 ? 0 : cur->woken == 2 ? -EINTR : -ETIMEDOUT;
}

/* With the big lock, which a thread blocked on a queue held from its check of the condition
 * until it was marked blocked. */
void uni_sched_wake_waiters(struct uni_waitq *q)
{
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all) {
		struct uni_waitq *w = t->waiting_on;
		if (t->state == UNI_BLOCKED && w && (w == q || w->any))
			wake(t, 1);
	}
}

void uni_sched_link(struct uni_thread *t)
{
	t->next_all = uni_all_threads;
	uni_all_threads = t;
	struct uni_cpu *c = uni_cpu();
	uni_rq_lock(c);
	t->cpu = c;
	make_runnable(c, t, 1);
	uni_rq_unlock(c);
}

void uni_sched_unlink(struct uni_thread *t)
{
	for (struct uni_thread **p = &uni_all_threads; *p; p = &(*p)->next_all)
		if (*p == t) {
			*p = t->next_all;
			break;
		}
}

/* An IPI to another CPU that runs t, or with t NULL, program code that does not block sig:
 * its scheduler runs and delivers what is pending. 1 if one was sent. */
static int ipi_running(struct uni_thread *t, uint64_t bit)
{
	struct uni_cpu *self = uni_cpu();
	for (int i = 0; i < uni_ncpus; i++) {
		struct uni_cpu *c = uni_cpu_by_index(i);
		struct uni_thread *cur = c->current;
		if (c != self && (t ? cur == t : cur != &c->idle_thread && !(cur->sigmask & bit))) {
			uni_smp_ipi(c, UNI_VEC_RESCHED);
			return 1;
		}
	}
	return 0;
}

/* A process signal goes to one thread that does not block it, as on Linux: the running
 * one takes it when it next leaves a syscall or is interrupted; else the main thread if it
 * is blocked, else the first blocked thread, whose wait ends with EINTR; else a thread that
 * runs on another CPU, which an IPI sends through its scheduler. With the big lock: states
 * are read without the threads' locks, and wake() checks again under them (a thread that
 * stopped waiting meanwhile sees the signal on its way out). */
void uni_sched_interrupt(int sig)
{
	uint64_t bit = 1ull << (sig - 1);
	struct uni_thread *cur = uni_current;
	if (cur != &uni_cpu()->idle_thread && cur->state == UNI_RUNNABLE && !(cur->sigmask & bit))
		return;
	struct uni_thread *pick = 0;
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all)
		if (t->state == UNI_BLOCKED && !(t->sigmask & bit) && (!pick || t->tid == 1))
			pick = t;
	if (pick)
		wake(pick, 2);
	else
		ipi_running(0, bit);
}

void uni_sched_interrupt_thread(struct uni_thread *t)
{
	if (!wake(t, 2))
		ipi_running(t, 0);
}

struct uni_cpu *uni_sched_hold_preempted(struct uni_thread *t)
{
	struct uni_cpu *c = uni_sched_hold(t);
	if (t->preempted && t->state == UNI_RUNNABLE)
		return c;
	uni_rq_unlock(c);
	return 0;
}

void uni_sched_yield(void)
{
	/* Runtime depth without the big lock, as uni_preempt_enable's deferred tick. */
	__asm__ volatile("incl %%gs:%c0" : : "i"(UNI_CPU_PREEMPT_OFF) : "memory");
	uni_sched_poll_pending(uni_clock_ns());   /* a deferred interrupt (the dispatcher's way out) may have been one */
	yield_to_queued();
	uni_preempt_enable();
}

void uni_sched_rearm(void)
{
	struct uni_cpu *c = uni_cpu();
	uni_rq_lock(c);
	uni_rq_arm_timer(c, uni_clock_ns());
	uni_rq_unlock(c);
}
