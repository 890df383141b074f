/* What a CPU does when it has nothing to run: its idle context watches for work, takes a
 * thread from another CPU's queue, or halts; the other CPUs start here too. */
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/platform.h"
#include "sched/runq.h"

#define IDLE_POLL_NS 50000ull   /* how long an idle CPU watches for work before it halts */
#define IDLE_STACK_SIZE 16384

/* With c's lock held and nothing in c's queue: moves the first thread of another CPU's queue
 * to c's, but not from a CPU woken to run its own queue (kicked); 1 if c's queue has a thread
 * then. Drops c's lock for a while to take the two in CPU order: the thread that runs here
 * stays on_cpu meanwhile, whatever wakes it. */
static int steal(struct uni_cpu *c)
{
	for (int i = 0; i < uni_ncpus && !c->run_head; i++) {
		struct uni_cpu *d = uni_cpu_by_index(i);
		if (d == c || !d->nqueued || d->kicked)
			continue;
		uni_rq_unlock(c);
		uni_rq_lock(i < c->index ? d : c);
		uni_rq_lock(i < c->index ? c : d);
		if (!c->run_head && d->run_head && !d->kicked)
			uni_rq_enqueue(c, uni_rq_dequeue(d));
		uni_rq_unlock(d);
	}
	return c->run_head != 0;
}

/* Whether an idle CPU has something to look at: its queue, another's it may take from, or
 * what poll_outside does. */
static int work_for(struct uni_cpu *c, uint64_t now)
{
	for (int i = 0; i < uni_ncpus; i++) {
		struct uni_cpu *d = uni_cpu_by_index(i);
		if (d->nqueued && (d == c || !d->kicked))
			return 1;
	}
	return uni_sched_outside_pending(now);
}

/* With c's lock and nothing to run: says c idles, then halts until an interrupt (its timer,
 * armed for 'deadline', or another CPU's IPI) unless work came meanwhile; drops the lock.
 * Interrupts are off in ring 3 from before it says it idles until the halt, so a wake-up
 * cannot slip in between. */
static void halt(struct uni_cpu *c, uint64_t now, uint64_t deadline)
{
	uni_plat->irq_off();
	c->idle = 1;   /* from here on, a thread made runnable wakes this CPU */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);   /* then the queues (place() has the other half) */
	if (!work_for(c, now)) {
		c->armed = deadline;
		uni_plat->timer_arm(deadline);
		uni_rq_unlock(c);
		uni_plat->halt();
		uni_rq_lock(c);
	}
	c->idle = 0;
	uni_rq_unlock(c);
	c->preempt_pending = 0;
	/* Mappings may have changed while it said it idled (uni_smp_tlb_shootdown skips such
	 * CPUs): a shootdown after its store of idle = 0 interrupts it, one before is seen here. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	uni_smp_service_flush();
	/* As on one CPU, ring 3 runs with interrupts off until a second thread, a signal timer
	 * or signals from outside need them (the main thread has no vector-state area for the
	 * tick before). */
	if (uni_sched_irqs)
		uni_plat->irq_on();
}

/* The idle context of a CPU: runs queued threads, else takes one from another CPU's queue,
 * else halts. Before it halts it watches for work for IDLE_POLL_NS, not saying it idles, so
 * a thread made runnable for it meanwhile needs no IPI and no wake-up from a halt: a thread
 * that blocked is often woken again within microseconds (a hand-over between two threads),
 * and an IPI with a halt's end costs tens of them (a host signal as a process, a VM exit
 * under QEMU). With one CPU there is nothing to watch for. It holds no lock while it watches
 * or halts. */
static _Noreturn void idle_loop(void)
{
	struct uni_cpu *c = uni_cpu();   /* the idle context never changes CPU */
	int watched = 0;
	for (;;) {
		uint64_t now = uni_clock_ns();
		uni_sched_poll_pending(now);
		uni_rq_lock(c);
		uni_rq_wake_expired(c, now);
		if (c->run_head || steal(c)) {
			watched = 0;
			struct uni_thread *next = uni_rq_take_next(c, 0);
			uni_rq_arm_timer(c, now);
			uni_rq_switch(c, &c->idle_thread, next);
			continue;
		}
		uint64_t deadline = uni_rq_earliest_deadline(c);
		if (watched || uni_ncpus == 1) {
			watched = 0;
			halt(c, now, deadline);
			continue;
		}
		uni_rq_unlock(c);
		for (uint64_t until = now + IDLE_POLL_NS; !work_for(c, now) && now < until && (!deadline || now < deadline); now = uni_clock_ns()) {
			__builtin_ia32_pause();
			uni_smp_service_flush();
		}
		watched = 1;
	}
}

static void idle_entry(void *arg)
{
	(void)arg;
	idle_loop();
}

/* The first CPU's idle context, made the first time it has nothing to run. */
struct uni_thread *uni_idle_context(struct uni_cpu *c)
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
	}
	return &c->idle_thread;
}

/* The first CPU's idle context is made under the big lock (it allocates) before other CPUs
 * run: later a thread may block without that lock (a futex wait). */
void uni_sched_prepare_idle(void)
{
	uni_idle_context(&uni_cpu0);
}

/* Ring 3 on a CPU just started (platform/pvh/ring0/ap_entry.S), on its idle stack: it idles. */
_Noreturn void uni_ap_main(struct uni_cpu *c)
{
	c->scratch_tp[0] = (uint64_t)c->scratch_tp;
	c->idle_thread.fsbase = (uint64_t)c->scratch_tp;
	uni_rq_set_current(c, &c->idle_thread);
	c->apic_id = uni_plat->cpu_init();
	c->preempt_off = 1;
	__atomic_store_n(&c->online, 1, __ATOMIC_SEQ_CST);
	if (!uni_smp_counted(c))   /* too late: it idles for good, never running a thread */
		for (;;)
			uni_plat->halt();
	idle_loop();
}
