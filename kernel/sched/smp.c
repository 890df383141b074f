/* SMP: preparing and counting the other CPUs (the platform starts them), IPIs between CPUs,
 * and TLB shootdowns after page protections changed. See docs/ARCHITECTURE.md, "SMP". */
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/runtime.h"
#include "uni/platform.h"

#define STACK_SIZE 65536
#define IDLE_STACK_SIZE 16384

uint64_t uni_smp_bringup_ns;   /* from the first IPI until every CPU idles (a measurement) */

void uni_smp_ipi(struct uni_cpu *c, int vector)
{
	uni_plat->ipi(c, vector);
}

static volatile int closed, settled;   /* the first CPU stopped waiting; uni_ncpus is final */

/* CPUs 0..k-1 that are online, counted up to the first missing one. */
static int online(int n)
{
	int k = 1;
	while (k < n && __atomic_load_n(&uni_cpu_aps[k - 1].online, __ATOMIC_SEQ_CST))
		k++;
	return k;
}

/* On a CPU just started, once it is online: whether the first CPU counts it. One that comes
 * after the first CPU stopped waiting, or after a gap, must never run threads: it would miss
 * TLB shootdowns. */
int uni_smp_counted(struct uni_cpu *c)
{
	if (!__atomic_load_n(&closed, __ATOMIC_SEQ_CST))
		return 1;   /* online before the first CPU closed the count: it is counted */
	while (!__atomic_load_n(&settled, __ATOMIC_ACQUIRE))
		__builtin_ia32_pause();
	return c->index < uni_ncpus;
}

static int prepare(struct uni_cpu *c, int index)
{
	char *trap = uni_mm_alloc(2 * STACK_SIZE), *idle = uni_mm_alloc(IDLE_STACK_SIZE);
	char *xsave = uni_mm_alloc(UNI_XSAVE_SIZE);
	if (!trap || !idle || !xsave)
		return -1;
	c->self = c;
	c->index = index;
	c->trap_stack_top = (uint64_t)trap + STACK_SIZE;
	c->irq_stack_top = (uint64_t)trap + 2 * STACK_SIZE;
	c->idle_stack_top = (uint64_t)idle + IDLE_STACK_SIZE;
	c->trap_xsave = xsave;
	c->idle_thread.tid = -index;
	c->idle_thread.state = UNI_RUNNABLE;
	c->idle_thread.preempt_depth = 1;
	return 0;
}

void uni_smp_start(int n)
{
	if (n <= 1)
		return;
	if (n > UNI_MAX_CPUS) {
		uni_log("%d CPUs asked for; the runtime supports %d", n, UNI_MAX_CPUS);
		n = UNI_MAX_CPUS;
	}
	for (int i = 1; i < n; i++)
		if (prepare(&uni_cpu_aps[i - 1], i)) {
			uni_log("out of memory for CPU %d's stacks; running on %d CPUs", i, i);
			n = i;
			break;
		}
	uni_cpu0.apic_id = uni_plat->cpu_init();
	uni_sched_prepare_idle();
	/* This CPU holds no lock now, so the locks can come into use. */
	uni_smp_active = 1;
	uint64_t t0 = uni_clock_ns();
	if (uni_plat->start_cpus(n)) {
		uni_smp_active = 0;
		uni_log("cannot start the other CPUs; running on 1 CPU");
		return;
	}
	while (online(n) < n && uni_clock_ns() - t0 < 2000000000ull)
		__builtin_ia32_pause();
	uni_smp_bringup_ns = uni_clock_ns() - t0;
	__atomic_store_n(&closed, 1, __ATOMIC_SEQ_CST);
	int k = online(n);
	uni_ncpus = k;
	__atomic_store_n(&settled, 1, __ATOMIC_RELEASE);
	if (k < n)
		uni_log("only %d of %d CPUs came up within 2 s; running on %d", k, n, k);
}

/* Ring 0 already changed the shared tables and this CPU's TLB: every other CPU that may run
 * program code reloads CR3 (trap.S's TLB stub, or uni_smp_service_flush while it spins for
 * a lock) before the caller goes on. An idle CPU is left alone: it stores idle = 0 itself
 * before it runs a thread, then reads the generation (sched.c's idle loop); the generation
 * is raised here before the flags are read, so either this sees it busy or it sees the new
 * generation. The caller holds the big lock, so one shootdown runs at a time. */
void uni_smp_tlb_shootdown(void)
{
	if (uni_ncpus == 1 || !uni_plat->tlb_needs_shootdown)
		return;
	uint64_t gen = __atomic_add_fetch(&uni_tlb_gen, 1, __ATOMIC_SEQ_CST);
	struct uni_cpu *self = uni_cpu();
	int busy[UNI_MAX_CPUS], nbusy = 0;
	for (int i = 0; i < uni_ncpus; i++) {
		struct uni_cpu *c = uni_cpu_by_index(i);
		if (c != self && !c->idle) {
			busy[nbusy++] = i;
			uni_smp_ipi(c, UNI_VEC_TLB);
		}
	}
	for (int k = 0; k < nbusy; k++) {
		struct uni_cpu *c = uni_cpu_by_index(busy[k]);
		uint64_t t0 = uni_clock_ns();
		while (c->tlb_done < gen) {
			__builtin_ia32_pause();
			if (uni_clock_ns() - t0 > 1000000000ull) {
				uni_log("CPU %d did not acknowledge a TLB shootdown", busy[k]);
				break;
			}
		}
	}
}

void uni_smp_stop_others(void)
{
	if (uni_ncpus > 1)
		uni_plat->stop_others();
}
