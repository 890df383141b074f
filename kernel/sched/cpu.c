/* Per-CPU state and the runtime's locks. Runtime code (syscalls, fault and interrupt handling)
 * runs under the big lock, taken when a CPU's preemption depth goes from 0 to 1 and dropped
 * when it returns to 0; each CPU's run queue and the futex buckets have locks of their own
 * (sched/sched.c, sched/futex.c), so that futex waits and wakes need not take the big one.
 * Program code runs on every CPU in parallel. With one CPU no lock is touched (uni_smp_active
 * is 0). */
#include <cpuid.h>
#include <stddef.h>
#include "uni/cpu.h"
#include "uni/platform.h"

extern char uni_trap_xsave0[], uni_trap_stack_top0[], uni_irq_stack_top0[];

/* Zeroed (.bss) until uni_boot_cpu_init: with initial values, its 2 KiB (and its 2 KiB
 * alignment's padding) would take file space in every image. */
struct uni_cpu uni_cpu0;

void uni_boot_cpu_init(void)
{
	uni_cpu0.self = &uni_cpu0;
	uni_cpu0.current = &uni_main_thread;
	uni_cpu0.trap_stack_top = (uint64_t)uni_trap_stack_top0;
	uni_cpu0.irq_stack_top = (uint64_t)uni_irq_stack_top0;
	uni_cpu0.trap_xsave = uni_trap_xsave0;
	uni_cpu0.online = 1;
	uni_main_thread.tid = 1;
	uni_main_thread.on_cpu = 1;
	uni_main_thread.cpu = &uni_cpu0;
}
struct uni_cpu uni_cpu_aps[UNI_MAX_CPUS - 1];
int uni_ncpus = 1;
int uni_smp_active;
struct uni_spinlock uni_big_lock;
volatile uint64_t uni_tlb_gen;
/* The state components every xsave/xrstor of the runtime covers (edx:eax). All that are
 * enabled, but for a host that enables ones no program here can use (process: AMX tiles). */
uint64_t uni_xsave_mask = ~0ull;

_Static_assert(offsetof(struct uni_cpu, self) == UNI_CPU_SELF, "layout.h");
_Static_assert(offsetof(struct uni_cpu, current) == UNI_CPU_CURRENT, "layout.h");
_Static_assert(offsetof(struct uni_cpu, cur_xsave) == UNI_CPU_CUR_XSAVE, "layout.h");
_Static_assert(offsetof(struct uni_cpu, preempt_off) == UNI_CPU_PREEMPT_OFF, "layout.h");
_Static_assert(offsetof(struct uni_cpu, preempt_pending) == UNI_CPU_PREEMPT_PENDING, "layout.h");
_Static_assert(offsetof(struct uni_cpu, trap_stack_top) == UNI_CPU_TRAP_STACK, "layout.h");
_Static_assert(offsetof(struct uni_cpu, irq_stack_top) == UNI_CPU_IRQ_STACK, "layout.h");
_Static_assert(offsetof(struct uni_cpu, tlb_done) == UNI_CPU_TLB_DONE, "layout.h");
_Static_assert(offsetof(struct uni_cpu, trap_xsave) == UNI_CPU_TRAP_XSAVE, "layout.h");
_Static_assert(offsetof(struct uni_cpu, trap_frame) == UNI_CPU_TRAP_FRAME, "layout.h");
_Static_assert(offsetof(struct uni_cpu, irq_frame) == UNI_CPU_IRQ_FRAME, "layout.h");
_Static_assert(offsetof(struct uni_cpu, idle_stack_top) == UNI_CPU_IDLE_STACK, "layout.h");
_Static_assert(offsetof(struct uni_cpu, resume_iret) == UNI_CPU_RESUME_IRET, "layout.h");
_Static_assert(offsetof(struct uni_cpu, holds) == UNI_CPU_HOLDS, "layout.h");
_Static_assert(offsetof(struct uni_cpu, handoff) == UNI_CPU_HANDOFF, "layout.h");
_Static_assert(sizeof(struct uni_cpu) == UNI_CPU_SIZE, "layout.h");

/* Spinning CPUs may have interrupts off (the timer's entry): they still honour TLB
 * shootdowns, so a lock holder waiting for their acknowledgement cannot deadlock. With one
 * CPU nothing is taken (uni_lock_held says so). The other CPUs are started where the first
 * holds no lock (core/start.c). */
void uni_spin_lock(struct uni_spinlock *l)
{
	if (!uni_smp_active)
		return;
	uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);
	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket) {
		__builtin_ia32_pause();
		uni_smp_service_flush();
	}
}

void uni_spin_unlock(struct uni_spinlock *l)
{
	if (uni_smp_active)
		__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

void uni_lock_acquire(void)
{
	if (!uni_smp_active)
		return;
	uni_spin_lock(&uni_big_lock);
	uni_cpu()->holds = UNI_HOLDS_BIG;
}

void uni_lock_release(void)
{
	struct uni_cpu *c = uni_cpu();
	if (!c->holds)
		return;
	c->holds = 0;
	__atomic_store_n(&uni_big_lock.owner, uni_big_lock.owner + 1, __ATOMIC_RELEASE);
}

/* At a point where the caller could have blocked (its state may change meanwhile anyway):
 * if other CPUs wait for the big lock this CPU holds, let them have it once, then wait again. */
void uni_lock_yield(void)
{
	if (uni_lock_held() && uni_big_lock.next - uni_big_lock.owner > 1) {
		uni_lock_release();
		uni_lock_acquire();
	}
}

void uni_smp_service_flush(void)
{
	struct uni_cpu *c = uni_cpu();
	uint64_t gen = uni_tlb_gen;
	if (c->tlb_done != gen) {
		uni_plat->tlb_flush();
		c->tlb_done = gen;
	}
}

/* Bytes an xsave of uni_xsave_mask's components writes (standard format): the end of the
 * furthest component, at least the legacy area and header. */
uint32_t uni_xsave_size(void)
{
	unsigned a, b, c, d;
	uint32_t size = 576;
	__cpuid_count(0xd, 0, a, b, c, d);
	uint64_t enabled = ((uint64_t)d << 32 | a) & uni_xsave_mask;
	for (unsigned i = 2; i < 63; i++) {
		if (!(enabled >> i & 1))
			continue;
		__cpuid_count(0xd, i, a, b, c, d);
		if (b + a > size)
			size = b + a;
	}
	return size;
}

void uni_irq_on(void)
{
	uni_plat->irq_on();
}
