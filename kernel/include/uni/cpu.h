/* Per-CPU state of the ring-3 runtime. Each CPU's GS base points at its struct uni_cpu (ring 0
 * sets it once per CPU; the program must not change GS); ring 0's trap stubs find the same
 * struct through the CPU's page 0 (UNI_R0_CPU). The first fields sit at the offsets in
 * uni/layout.h, which assembly uses. */
#ifndef UNI_CPU_H
#define UNI_CPU_H

#include <stdint.h>
#include "uni/layout.h"
#include "uni/sched.h"
#include "uni/trap.h"

/* A ticket lock: 'next' is the next ticket handed out, 'owner' the one being served. */
struct uni_spinlock { volatile uint32_t next, owner; };

struct uni_cpu {
	struct uni_cpu *self;          /* %gs:0 */
	struct uni_thread *current;    /* the thread this CPU runs (its idle context when idle) */
	void *cur_xsave;               /* current->xsave, for sched/irq.S */
	volatile int preempt_off;      /* > 0: runtime code runs here (not preemptible) */
	volatile int preempt_pending;  /* a tick came while preempt_off > 0 */
	uint64_t trap_stack_top, irq_stack_top;
	volatile uint64_t tlb_done;    /* the last TLB generation this CPU flushed (uni_tlb_gen) */
	char *trap_xsave;              /* the vector state at a fault (trap.S's ring-3 half) */
	struct uni_trap_frame trap_frame, irq_frame;
	uint64_t idle_stack_top;
	uint64_t resume_iret[5];      /* sched/switch.S builds iretq's frame here, off any thread's stack */
	volatile int holds;           /* UNI_HOLDS_BIG while this CPU holds the big lock */
	volatile int *handoff;        /* the on_cpu word of the thread this CPU is switching away
	                               * from, cleared once it runs off that thread's stack */
	/* Fields below are C-only. */
	int index, apic_id;
	volatile int online;           /* running its scheduler */
	volatile int idle;             /* halted (or about to) with nothing to run: kick it */
	uint64_t armed;                /* when this CPU's timer fires; 0 = not armed */
	struct uni_spinlock rq_lock;   /* this CPU's run queue and the threads on it */
	struct uni_thread *run_head, *run_tail;   /* threads waiting for this CPU, in order */
	volatile int nqueued;          /* how many: read without the lock by CPUs that idle */
	volatile int kicked;           /* woken to run its queue: other CPUs leave it alone */
	struct uni_thread *sleepers;   /* its threads blocked with a deadline (sched/sched.c) */
	uint64_t fsbase;               /* the FS base last set (uni_set_fs) */
	struct uni_thread idle_thread; /* the context the CPU idles in */
	uint64_t scratch_tp[32];       /* the idle context's thread pointer */
} __attribute__((aligned(UNI_CPU_SIZE)));   /* ring 0 indexes uni_cpu_aps by this size */

extern struct uni_cpu uni_cpu0, uni_cpu_aps[UNI_MAX_CPUS - 1];
/* Fills in the first CPU's state and its main thread's id: each platform's first ring-3 C
 * code calls it before anything can read them (a trap, a syscall, the scheduler). */
void uni_boot_cpu_init(void);
extern int uni_ncpus;                 /* CPUs online (1 until the others are started) */
extern int uni_smp_active;            /* other CPUs are being started or run: the locks are used */
/* The runtime's locks (sched/cpu.c) are ticket locks (above), so a CPU that waits gets the
 * lock at the next release (a plain test-and-set lock starved a CPU under TCG while another
 * looped through short syscalls). The big lock covers runtime state in general; each CPU's
 * run-queue lock covers its queue, idle flag and sleepers and the state of the threads on it
 * (sched/sched.c); a futex bucket's lock its waiters (sched/futex.c). Order: the big lock, a
 * futex bucket, run queues by CPU index. Only the big lock may be held when program code
 * resumes: 'holds' says whether this CPU holds it, and resuming program code drops it. */
extern struct uni_spinlock uni_big_lock;
extern volatile uint64_t uni_tlb_gen;
/* What the runtime's xsave/xrstor cover (sched/cpu.c), and the bytes that takes. */
extern uint64_t uni_xsave_mask;
uint32_t uni_xsave_size(void);
/* Interrupts on again after uni_jump_to_stack's switch (the platform's irq_on). */
void uni_irq_on(void);

static inline struct uni_cpu *uni_cpu(void)
{
	struct uni_cpu *c;
	/* volatile: the running thread may move to another CPU between two calls. */
	__asm__ volatile("mov %%gs:0, %0" : "=r"(c));
	return c;
}

static inline struct uni_cpu *uni_cpu_by_index(int i)
{
	return i == 0 ? &uni_cpu0 : &uni_cpu_aps[i - 1];
}

/* A ticket lock (none taken with one CPU); sched/cpu.c. Only runtime code, which cannot move
 * to another CPU meanwhile, takes one. */
void uni_spin_lock(struct uni_spinlock *l);
void uni_spin_unlock(struct uni_spinlock *l);

/* The big runtime lock, taken with preemption: uni_preempt_disable() at depth 0 -> 1. release
 * drops it only if this CPU holds it. */
void uni_lock_acquire(void);
void uni_lock_release(void);
/* Whether this CPU may use what the big lock covers: it holds it, or there is one CPU (which
 * takes no lock: a thread that switched out then takes it when it runs again on several). */
static inline int uni_lock_held(void) { return !uni_smp_active || (uni_cpu()->holds & UNI_HOLDS_BIG); }
void uni_lock_yield(void);             /* lets waiting CPUs in once; only where blocking is allowed */

/* Once this CPU runs off the stack of the thread it switched away from (sched/sched.c), that
 * thread may run elsewhere. sched/switch.S does the same for a resumed frame. */
static inline void uni_cpu_handoff_done(struct uni_cpu *c)
{
	volatile int *w = c->handoff;
	if (w) {
		c->handoff = 0;
		__atomic_store_n(w, 0, __ATOMIC_RELEASE);
	}
}

/* SMP (sched/smp.c). */
void uni_smp_start(int ncpus);                 /* boots the other CPUs; ring 3, BSP */
void uni_smp_ipi(struct uni_cpu *c, int vector);
void uni_smp_tlb_shootdown(void);              /* after ring 0 changed mappings; lock held */
void uni_smp_stop_others(void);                /* the VM is ending: halt every other CPU */
void uni_smp_service_flush(void);              /* from spin loops: honour a pending shootdown */
int uni_smp_counted(struct uni_cpu *c);        /* a CPU just online: may it run threads? */

#endif
