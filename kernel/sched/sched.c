/* The scheduler: a FIFO run queue, blocking with deadlines, a one-shot timer that is armed
 * only when something is due (a time slice with two runnable threads, the earliest sleeper
 * or signal timer), and idling in ring 0's halt service when nothing can run. No periodic
 * tick. The runtime is not preemptible: every syscall runs with uni_preempt_off raised,
 * a depth counter each thread keeps across its switches. */
#include <errno.h>
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/service.h"
#include "uni/signal.h"

#define TIME_SLICE_NS 10000000ull

struct uni_thread uni_main_thread = { .tid = 1, .state = UNI_RUNNABLE };
struct uni_thread *uni_current = &uni_main_thread;
struct uni_thread *uni_all_threads = &uni_main_thread;
void *uni_cur_xsave;
volatile int uni_preempt_off, uni_preempt_pending;

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

static uint64_t rdfsbase(void)
{
	uint64_t v;
	__asm__ volatile("rdfsbase %0" : "=r"(v));
	return v;
}

static uint64_t armed;   /* when the timer fires (or fired); 0 = not armed */
static void arm_timer(uint64_t now);

/* A thread that becomes runnable while another runs must get the CPU within a slice even
 * if the running one never blocks: make sure the timer fires by then. */
static void make_runnable(struct uni_thread *t, int woken)
{
	t->state = UNI_RUNNABLE;
	t->woken = woken;
	t->wake_at = 0;
	t->waiting_on = 0;
	enqueue(t);
	uint64_t now = uni_clock_ns();
	if (!armed || armed <= now || armed > now + TIME_SLICE_NS)
		arm_timer(now);
}

volatile int uni_device_irq;
void (*uni_device_poll)(void);

/* Wakes sleepers whose deadline passed, fires due signal timers and lets the drivers look at
 * their devices (they wake whoever waits for them). */
static void wake_expired(uint64_t now)
{
	if (uni_device_poll)
		uni_device_poll();
	uni_sigtimers_expire(now);
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

/* The next timer: a slice end if another thread waits to run, else the earliest deadline. */
static void arm_timer(uint64_t now)
{
	uint64_t d = earliest_deadline();
	if (run_head && (!d || now + TIME_SLICE_NS < d))
		d = now + TIME_SLICE_NS;
	if (uni_sched_irqs) {
		uni_lapic_arm(d);
		armed = d;
	}
}

static void set_current(struct uni_thread *t)
{
	uni_current = t;
	uni_cur_xsave = t->xsave;
	__asm__ volatile("wrfsbase %0" : : "r"(t->fsbase) : "memory");
}

/* Nothing can run: sleep in ring 0 until the timer (armed for the earliest deadline)
 * fires. Interrupts stay off in ring 3 around it so a tick cannot slip in between. */
static void idle(void)
{
	__asm__ volatile("cli");
	wake_expired(uni_clock_ns());
	if (!run_head) {
		armed = earliest_deadline();
		uni_lapic_arm(armed);
		uni_service(UNI_SERVICE_HALT, 0, 0, 0);
		uni_lapic_eoi();
		uni_device_irq = 1;   /* woken by the timer or a device: drivers check theirs */
		wake_expired(uni_clock_ns());
	}
	if (uni_sched_irqs)
		__asm__ volatile("sti");
}

/* Runs another thread; returns when the current one runs again. The current thread must
 * already be queued (yield) or blocked. Preemption is disabled throughout. */
static void schedule(void)
{
	struct uni_thread *cur = uni_current, *next;
	for (;;) {
		wake_expired(uni_clock_ns());
		if ((next = dequeue()))
			break;
		idle();
	}
	arm_timer(uni_clock_ns());
	if (next == cur)
		return;
	cur->fsbase = rdfsbase();
	cur->preempt_depth = uni_preempt_off;
	set_current(next);
	if (next->preempted) {
		next->preempted = 0;
		uni_switch_to_frame(&cur->rsp, &next->frame, next->xsave);
	} else {
		uni_preempt_off = next->preempt_depth;
		uni_switch_stacks(&cur->rsp, next->rsp);
	}
	uni_preempt_off = cur->preempt_depth;   /* running again */
}

/* From sched/irq.S: the timer fired in ring 3 while no runtime code ran. */
_Noreturn void uni_sched_tick(void)
{
	struct uni_thread *cur = uni_current, *next;
	uni_lapic_eoi();
	uni_preempt_off = 1;
	cur->frame = uni_irq_frame;
	cur->fsbase = rdfsbase();
	uint64_t now = uni_clock_ns();
	wake_expired(now);
	/* A pending signal runs its handler in the interrupted thread before anything else. */
	int sig = uni_signal_next();
	if (sig) {
		arm_timer(now);
		uni_signal_async(sig, &cur->frame, cur->xsave);
	}
	cur->preempted = 1;
	enqueue(cur);
	next = dequeue();
	arm_timer(now);
	set_current(next);
	if (next->preempted) {
		next->preempted = 0;
		uni_resume_frame(&next->frame, next->xsave);
	}
	uni_preempt_off = next->preempt_depth;
	uni_jump_to_stack(next->rsp);
}

void uni_preempt_disable(void)
{
	uni_preempt_off++;
}

void uni_preempt_enable(void)
{
	if (--uni_preempt_off == 0 && uni_preempt_pending) {
		uni_preempt_pending = 0;
		uni_sched_yield();
	}
}

int uni_sched_block(struct uni_waitq *q, uint64_t deadline)
{
	struct uni_thread *cur = uni_current;
	if (uni_signal_ready())
		return -EINTR;
	cur->state = UNI_BLOCKED;
	cur->woken = 0;
	cur->wake_at = deadline;
	cur->waiting_on = q;
	schedule();
	return cur->woken == 1 ? 0 : cur->woken == 2 ? -EINTR : -ETIMEDOUT;
}

void uni_sched_wake(struct uni_thread *t)
{
	if (t->state == UNI_BLOCKED)
		make_runnable(t, 1);
}

/* A process signal goes to one thread that does not block it, as on Linux: the running
 * one takes it when it next leaves a syscall or is interrupted; else the main thread if it
 * is blocked, else the first blocked thread; that thread's wait ends with EINTR. */
void uni_sched_interrupt(int sig)
{
	uint64_t bit = 1ull << (sig - 1);
	if (uni_current->state == UNI_RUNNABLE && !(uni_current->sigmask & bit))
		return;
	struct uni_thread *pick = 0;
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all)
		if (t->state == UNI_BLOCKED && t->woken == 0 && !(t->sigmask & bit) && (!pick || t->tid == 1))
			pick = t;
	if (pick)
		make_runnable(pick, 2);
}

void uni_sched_yield(void)
{
	uni_preempt_off++;
	if (run_head) {
		enqueue(uni_current);
		schedule();
	}
	uni_preempt_off--;
}

void uni_sched_rearm(void)
{
	arm_timer(uni_clock_ns());
}
