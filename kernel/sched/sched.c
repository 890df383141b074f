/* The scheduler: one FIFO run queue shared by every CPU, blocking with deadlines, a one-shot
 * timer per CPU that is armed only when something is due (a time slice while threads wait to
 * run, the earliest sleeper or signal timer), and an idle context per CPU that halts in ring
 * 0 when nothing can run; a thread made runnable wakes an idle CPU with an IPI. No periodic
 * tick. The runtime is not preemptible: runtime code runs with the CPU's preemption depth
 * raised; a thread keeps its depth across switches.
 *
 * Locking: the run queue, thread states, deadlines, the thread list's links and the idle
 * flags are under the scheduler lock (uni/cpu.h), which a thread holds from marking itself
 * blocked (or queued) until the next context runs: that one drops it (uni_sched_switched, or
 * uni_resume_frame for a preempted frame). The big lock is never held across a switch: a
 * thread that held it when it switched out takes it again when it runs (after the scheduler
 * lock is dropped, keeping the order big lock first). So a futex wait, which runs without
 * the big lock, blocks and wakes under the scheduler lock alone. What the scheduler does for
 * the rest of the runtime (signals from outside, device polling, signal timers) needs the
 * big lock and runs only where it is held. */
#include <errno.h>
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/platform.h"
#include "uni/signal.h"

#define TIME_SLICE_NS 10000000ull
#define IDLE_STACK_SIZE 16384

struct uni_thread uni_main_thread;   /* runnable; uni_boot_cpu_init gives it its id */
struct uni_thread *uni_all_threads = &uni_main_thread;

static struct uni_thread *run_head, *run_tail;

static void enqueue(struct uni_thread *t)
{
	t->next_run = 0;
	if (run_tail)
		run_tail->next_run = t;
	else
		run_head = t;
	run_tail = t;
}

static struct uni_thread *dequeue(void)
{
	struct uni_thread *t = run_head;
	if (t && !(run_head = t->next_run))
		run_tail = 0;
	return t;
}

static void arm_timer(uint64_t now);

/* Another CPU that idles, taken off the idle list; NULL if none. */
static struct uni_cpu *idle_cpu(void)
{
	struct uni_cpu *self = uni_cpu();
	for (int i = 0; i < uni_ncpus; i++) {
		struct uni_cpu *c = uni_cpu_by_index(i);
		if (c != self && c->idle) {
			c->idle = 0;
			return c;
		}
	}
	return 0;
}

/* A thread that becomes runnable goes to an idle CPU if there is one; else it must get a
 * CPU within a slice even if the running threads never block: this CPU's timer fires by then.
 * The scheduler lock is held here and in every static function below that reads its state. */
static void make_runnable(struct uni_thread *t, int woken)
{
	t->state = UNI_RUNNABLE;
	t->woken = woken;
	t->wake_at = 0;
	t->waiting_on = 0;
	enqueue(t);
	struct uni_cpu *c = idle_cpu();
	if (c) {
		uni_smp_ipi(c, UNI_VEC_RESCHED);
		return;
	}
	uint64_t now = uni_clock_ns(), armed = uni_cpu()->armed;
	if (!armed || armed <= now || armed > now + TIME_SLICE_NS)
		arm_timer(now);
}

volatile int uni_device_irq;
void (*uni_device_poll)(void);

/* With the big lock and not the scheduler lock: takes signals from outside, fires due signal
 * timers and lets the drivers look at their devices (they wake whoever waits for them). */
static void poll_outside(uint64_t now)
{
	uni_hostsig_poll();
	if (uni_device_poll)
		uni_device_poll();
	uni_sigtimers_expire(now);
}

/* Wakes sleepers whose deadline passed. */
static void wake_expired(uint64_t now)
{
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all)
		if (t->state == UNI_BLOCKED && t->wake_at && now >= t->wake_at)
			make_runnable(t, 0);
}

static uint64_t earliest_deadline(void)
{
	uint64_t d = uni_sigtimers_next();
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all)
		if (t->state == UNI_BLOCKED && t->wake_at && (!d || t->wake_at < d))
			d = t->wake_at;
	return d;
}

/* This CPU's next timer: a slice end if a thread waits to run, else the earliest deadline. */
static void arm_timer(uint64_t now)
{
	uint64_t d = earliest_deadline();
	if (run_head && (!d || now + TIME_SLICE_NS < d))
		d = now + TIME_SLICE_NS;
	if (uni_sched_irqs) {
		uni_plat->timer_arm(d);
		uni_cpu()->armed = d;
	}
}

static void set_current(struct uni_cpu *c, struct uni_thread *t)
{
	c->current = t;
	c->cur_xsave = t->xsave;
	uni_set_fs(t->fsbase);
}

/* Runs 'next' on this CPU instead of 'cur' (queued, blocked or the idle context); returns
 * when 'cur' runs again, maybe on another CPU, with the scheduler lock dropped and the big
 * lock held again if it was. The big lock is dropped first; the scheduler lock goes to
 * 'next', which drops it (uni_sched_switched; sched/switch.S for a preempted frame). */
static void switch_to(struct uni_thread *cur, struct uni_thread *next)
{
	struct uni_cpu *c = uni_cpu();
	cur->fsbase = uni_get_fs();
	cur->preempt_depth = c->preempt_off;
	cur->held_big = uni_lock_held();
	uni_lock_release();
	set_current(c, next);
	if (next->preempted) {
		next->preempted = 0;
		uni_switch_to_frame(&cur->rsp, &next->frame, next->xsave);
	} else {
		c->preempt_off = next->preempt_depth;
		uni_switch_stacks(&cur->rsp, next->rsp);
	}
	uni_sched_switched();
}

/* The first thing a context does when it runs again after a switch (or for the first time:
 * sched/switch.S's trampoline): drops the scheduler lock the switch held, then takes the big
 * lock back if it held that when it switched out. */
void uni_sched_switched(void)
{
	struct uni_thread *cur = uni_current;
	uni_cpu()->preempt_off = cur->preempt_depth;
	uni_sched_unlock();
	if (cur->held_big)
		uni_lock_acquire();
}

/* The idle context of a CPU: runs queued threads, else halts until an interrupt (its timer,
 * armed for the earliest deadline, or another CPU's IPI). It holds the big lock but while
 * halted or switched out; interrupts are off in ring 3 around the halt so a wake-up cannot
 * slip in between. A CPU takes the big lock after it halted before it runs a thread, so it
 * cannot miss a TLB shootdown that left it alone as idle (sched/smp.c). */
static _Noreturn void idle_loop(void)
{
	struct uni_cpu *c = uni_cpu();   /* the idle context never changes CPU */
	for (;;) {
		uint64_t now = uni_clock_ns();
		poll_outside(now);
		uni_sched_lock();
		wake_expired(now);
		struct uni_thread *next = dequeue();
		if (next) {
			arm_timer(now);
			switch_to(&c->idle_thread, next);
			continue;
		}
		uni_plat->irq_off();
		c->armed = earliest_deadline();
		uni_plat->timer_arm(c->armed);
		c->idle = 1;
		uni_sched_unlock();
		uni_lock_release();
		uni_plat->halt();
		uni_lock_acquire();
		uni_sched_lock();
		c->idle = 0;
		uni_sched_unlock();
		c->preempt_pending = 0;
		uni_device_irq = 1;   /* woken by the timer, a device or an IPI: drivers check theirs */
		uni_hostsig_irq = 1;  /* and so does core/hostsig.c for a signal from outside */
		uni_smp_service_flush();   /* mappings changed while it idled (uni_smp_tlb_shootdown) */
		/* As on one CPU, ring 3 runs with interrupts off until a second thread, a signal
		 * timer or signals from outside need them (the main thread has no vector-state area
		 * for the tick before). */
		if (uni_sched_irqs)
			uni_plat->irq_on();
	}
}

static void idle_entry(void *arg)
{
	(void)arg;
	idle_loop();
}

/* The first CPU's idle context, made the first time it has nothing to run. */
static struct uni_thread *idle_thread(struct uni_cpu *c)
{
	if (!c->idle_thread.rsp) {
		char *stack = uni_mm_alloc(IDLE_STACK_SIZE);
		if (!stack) {
			uni_log("out of memory for the idle stack");
			uni_exit(134);
		}
		c->idle_thread.fsbase = (uint64_t)c->scratch_tp;
		c->scratch_tp[0] = (uint64_t)c->scratch_tp;
		c->idle_thread.rsp = uni_thread_prepare_stack(stack + IDLE_STACK_SIZE, (int (*)(void *))(void *)idle_entry, 0);
		c->idle_thread.preempt_depth = 2;   /* the trampoline's uni_preempt_enable leaves 1 */
		c->idle_thread.held_big = 1;        /* the idle loop runs with the big lock */
	}
	return &c->idle_thread;
}

/* The first CPU's idle context is made under the big lock (it allocates) before other CPUs
 * run: later a thread may block without that lock (a futex wait). */
void uni_sched_prepare_idle(void)
{
	idle_thread(&uni_cpu0);
}

/* Runs another thread; returns when the current one runs again. The current thread must
 * already be queued (yield) or blocked, under the scheduler lock, which this drops.
 * Preemption is disabled throughout. */
static void schedule(void)
{
	struct uni_thread *cur = uni_current, *next;
	uint64_t now = uni_clock_ns();
	wake_expired(now);
	next = dequeue();
	if (!next)
		next = idle_thread(uni_cpu());
	else
		arm_timer(now);
	if (next == cur) {
		/* Woken before it could block (a deadline that passed meanwhile): it did not give
		 * up the big lock, so a thread that keeps polling would starve the other CPUs. */
		uni_sched_unlock();
		uni_lock_yield();
		return;
	}
	switch_to(cur, next);
}

/* From sched/irq.S: the timer or a reschedule IPI came in ring 3 while no runtime code ran
 * on this CPU. Takes the locks (interrupts stay off), runs a pending signal's handler in the
 * interrupted thread, else puts it at the back of the queue and runs the next one. */
_Noreturn void uni_sched_tick(void)
{
	struct uni_cpu *c = uni_cpu();
	uni_plat->timer_eoi();
	c->preempt_off = 1;
	uni_lock_acquire();
	c->preempt_pending = 0;
	struct uni_thread *cur = c->current, *next;
	cur->frame = c->irq_frame;
	cur->fsbase = uni_get_fs();
	uint64_t now = uni_clock_ns();
	poll_outside(now);
	uni_sched_lock();
	wake_expired(now);
	/* A pending signal runs its handler in the interrupted thread before anything else. */
	int sig = uni_signal_next();
	if (sig) {
		arm_timer(now);
		uni_sched_unlock();
		uni_signal_async(sig, &cur->frame, cur->xsave);
	}
	cur->preempted = 1;
	enqueue(cur);
	next = dequeue();
	arm_timer(now);
	uni_lock_release();   /* never held across a switch */
	set_current(c, next);
	if (next->preempted) {
		next->preempted = 0;
		uni_resume_frame(&next->frame, next->xsave);
	}
	c->preempt_off = next->preempt_depth;
	uni_jump_to_stack(next->rsp);
}

/* Puts the current thread at the back of the queue if others wait to run. */
static void yield_to_queued(void)
{
	uni_sched_lock();
	if (run_head) {
		enqueue(uni_current);
		schedule();
	} else {
		uni_sched_unlock();
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
		uni_preempt_disable();
		poll_outside(uni_clock_ns());   /* the interrupt may have been a device or a signal from outside */
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
	uni_sched_lock();
	return uni_sched_block_locked(q, deadline);
}

/* A signal sent before the scheduler lock was taken is seen here; one sent after finds the
 * thread blocked and interrupts it (uni_sched_interrupt takes the lock). */
int uni_sched_block_locked(struct uni_waitq *q, uint64_t deadline)
{
	struct uni_thread *cur = uni_current;
	if (uni_signal_ready()) {
		uni_sched_unlock();
		return -EINTR;
	}
	cur->state = UNI_BLOCKED;
	cur->woken = 0;
	cur->wake_at = deadline;
	cur->waiting_on = q;
	schedule();
	return cur->woken == 1 ? 0 : cur->woken == 2 ? -EINTR : -ETIMEDOUT;
}

void uni_sched_wake_locked(struct uni_thread *t)
{
	if (t->state == UNI_BLOCKED)
		make_runnable(t, 1);
}

void uni_sched_wake_waiters(struct uni_waitq *q)
{
	uni_sched_lock();
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all)
		if (t->state == UNI_BLOCKED && t->waiting_on && (t->waiting_on == q || t->waiting_on->any))
			make_runnable(t, 1);
	uni_sched_unlock();
}

void uni_sched_link(struct uni_thread *t)
{
	uni_sched_lock();
	t->next_all = uni_all_threads;
	uni_all_threads = t;
	make_runnable(t, 1);
	uni_sched_unlock();
}

void uni_sched_unlink(struct uni_thread *t)
{
	uni_sched_lock();
	for (struct uni_thread **p = &uni_all_threads; *p; p = &(*p)->next_all)
		if (*p == t) {
			*p = t->next_all;
			break;
		}
	uni_sched_unlock();
}

/* A process signal goes to one thread that does not block it, as on Linux: the running
 * one takes it when it next leaves a syscall or is interrupted; else the main thread if it
 * is blocked, else the first blocked thread, whose wait ends with EINTR; else a thread that
 * runs on another CPU, which an IPI sends through its scheduler. */
static void interrupt(int sig)
{
	uint64_t bit = 1ull << (sig - 1);
	struct uni_thread *cur = uni_current;
	if (cur != &uni_cpu()->idle_thread && cur->state == UNI_RUNNABLE && !(cur->sigmask & bit))
		return;
	struct uni_thread *pick = 0;
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all)
		if (t->state == UNI_BLOCKED && t->woken == 0 && !(t->sigmask & bit) && (!pick || t->tid == 1))
			pick = t;
	if (pick) {
		make_runnable(pick, 2);
		return;
	}
	struct uni_cpu *self = uni_cpu();
	for (int i = 0; i < uni_ncpus; i++) {
		struct uni_cpu *c = uni_cpu_by_index(i);
		if (c != self && c->current != &c->idle_thread && !(c->current->sigmask & bit)) {
			uni_smp_ipi(c, UNI_VEC_RESCHED);
			return;
		}
	}
}

void uni_sched_interrupt(int sig)
{
	uni_sched_lock();
	interrupt(sig);
	uni_sched_unlock();
}

static void interrupt_thread(struct uni_thread *t)
{
	if (t->state == UNI_BLOCKED) {
		if (t->woken == 0)
			make_runnable(t, 2);
		return;
	}
	struct uni_cpu *self = uni_cpu();
	for (int i = 0; i < uni_ncpus; i++) {
		struct uni_cpu *c = uni_cpu_by_index(i);
		if (c != self && c->current == t) {
			uni_smp_ipi(c, UNI_VEC_RESCHED);
			return;
		}
	}
}

void uni_sched_interrupt_thread(struct uni_thread *t)
{
	uni_sched_lock();
	interrupt_thread(t);
	uni_sched_unlock();
}

int uni_sched_hold_preempted(struct uni_thread *t)
{
	uni_sched_lock();
	if (t->preempted && t->state == UNI_RUNNABLE)
		return 1;
	uni_sched_unlock();
	return 0;
}

void uni_sched_yield(void)
{
	uni_preempt_disable();
	poll_outside(uni_clock_ns());   /* a deferred interrupt (the dispatcher's way out) may have been one */
	yield_to_queued();
	uni_preempt_enable();
}

void uni_sched_rearm(void)
{
	uni_sched_lock();
	arm_timer(uni_clock_ns());
	uni_sched_unlock();
}

/* Ring 3 on a CPU just started (platform/pvh/ring0/ap_entry.S), on its idle stack: it idles. */
_Noreturn void uni_ap_main(struct uni_cpu *c)
{
	c->scratch_tp[0] = (uint64_t)c->scratch_tp;
	c->idle_thread.fsbase = (uint64_t)c->scratch_tp;
	set_current(c, &c->idle_thread);
	c->apic_id = uni_plat->cpu_init();
	c->preempt_off = 1;
	__atomic_store_n(&c->online, 1, __ATOMIC_SEQ_CST);
	if (!uni_smp_counted(c))   /* too late: it idles for good, never running a thread */
		for (;;)
			uni_plat->halt();
	uni_lock_acquire();
	idle_loop();
}
