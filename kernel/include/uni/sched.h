/* Threads and the scheduler, all in ring 3. Threads switch voluntarily by a function call
 * (callee-saved registers only) or are preempted by the LAPIC timer, whose interrupt ring 0
 * hands to ring 3 (sched/irq.S) with the full register state. Threads run on every CPU, each
 * CPU with a run queue of its own; runtime code runs under the big lock (uni/cpu.h), taken
 * with preemption, but for futex waits and wakes. */
#ifndef UNI_SCHED_H
#define UNI_SCHED_H

#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include "uni/layout.h"
#include "uni/trap.h"
#include "uni/wait.h"
#include "uni/weak.h"

struct uni_cpu;
struct uni_spinlock;

enum uni_thread_state { UNI_RUNNABLE, UNI_BLOCKED };

struct uni_thread {
	uint64_t rsp;                  /* saved by a voluntary switch (sched/switch.S) */
	int preempted;                 /* 1: resume from 'frame' and 'xsave' instead */
	struct uni_trap_frame frame;
	void *xsave;                   /* vector state when preempted; 64-byte aligned */
	uint64_t fsbase;
	int tid;
	enum uni_thread_state state;
	int woken;                     /* 1 woken, 2 interrupted by a signal, 0 deadline */
	int preempt_depth;             /* the CPU's preemption depth while switched out */
	int held_big;                  /* held the big lock when switched out: takes it back */
	uint64_t wake_at;              /* monotonic ns deadline while blocked; 0 = none */
	struct uni_waitq *waiting_on;
	uint64_t futex;                /* address waited on, 0 when not in futex_wait */
	uint32_t futex_bitset;         /* 0 while waiting for a PI futex (only its unlock wakes) */
	int *clear_tid;                /* CLONE_CHILD_CLEARTID */
	uint64_t robust_list;          /* set_robust_list's head, walked when the thread ends */
	uint64_t sigmask;              /* blocked signals, bit n-1 for signal n */
	uint64_t sigpending;           /* signals sent to this thread (tgkill), not the process */
	int sigcode;                   /* si_code of the signal uni_signal_next took last */
	union sigval sigvalue;         /* and its sigqueue value */
	int sigq_code[65];             /* si_code and sigqueue value of each signal pending */
	union sigval sigq_value[65];   /* for this thread (tkill: SI_TKILL, no value) */
	int restore_mask;              /* 1: 'saved_mask' is the mask once the syscall returns */
	uint64_t saved_mask;           /* (sigsuspend, ppoll, pselect, epoll_pwait) */
	uint64_t alt_sp, alt_size;     /* sigaltstack; size 0 = disabled */
	struct {                       /* the syscall being left when a signal is due: its */
		uint64_t ret;          /* return address and arguments, to restart it */
		long n, a[6];
	} sysret;
	char comm[16];                 /* prctl(PR_SET_NAME); a new thread inherits its creator's */
	int runtime;                   /* the runtime's own (network): no signals, not counted
	                                * as the process's last thread */
	struct uni_cpu *cpu;           /* the CPU whose queue has it, or that runs it or ran it last */
	volatile int on_cpu;           /* a CPU runs it or is still on its stack (switching away) */
	struct uni_thread *next_run;   /* run queue */
	struct uni_thread *next_sleep; /* its CPU's sleepers, while blocked with a deadline */
	struct uni_thread *next_futex; /* its futex bucket's waiters (sched/futex.c) */
	struct uni_thread *next_all;   /* every live thread */
};

/* The thread running on this CPU, read in one instruction (the thread may move between CPUs
 * whenever it is preemptible). */
static inline struct uni_thread *uni_current_thread(void)
{
	struct uni_thread *t;
	__asm__ volatile("mov %%gs:%c1, %0" : "=r"(t) : "i"(UNI_CPU_CURRENT));
	return t;
}
#define uni_current (uni_current_thread())
extern struct uni_thread uni_main_thread, *uni_all_threads;
/* Interrupts are on in ring 3 (IF=1) once a second thread or a signal timer exists, or from boot
 * where signals come from outside (core/hostsig.c); before, they stay off. */
extern int uni_sched_irqs;

/* Runtime code runs between these two: a per-CPU depth, non-zero while runtime code runs
 * (every syscall, the scheduler itself); the timer interrupt then only notes a pending tick
 * and lets that code finish. Going from 0 to 1 takes the big runtime lock, back to 0 drops it. */
void uni_preempt_disable(void);
/* Lowers the depth; at 0, drops the lock and yields if a tick was deferred meanwhile. */
void uni_preempt_enable(void);
/* The depth on this CPU (only meaningful while it is non-zero: the thread cannot move). */
int uni_preempt_depth(void);
/* Turns on interrupts in ring 3 (timer preemption and asynchronous signals). */
int uni_sched_start_irqs(void);

/* With preemption disabled: blocks the current thread until uni_sched_wake(t), a wake of
 * 'q' (may be NULL), the deadline (monotonic ns, 0 = none) or a signal. Returns 0 when woken,
 * -ETIMEDOUT at the deadline, -EINTR for a signal. Preemption is still disabled on return. */
int uni_sched_block(struct uni_waitq *q, uint64_t deadline);
/* The same, entered holding 'held' (a futex bucket's lock: the futex word was checked under
 * it), which it drops once the thread counts as blocked. */
int uni_sched_block_dropping(struct uni_waitq *q, uint64_t deadline, struct uni_spinlock *held);
/* With the big lock: looks at devices, signal timers and signals from outside (what the idle
 * loop and the tick do), which may wake threads. uni_wait does so before each check. */
void uni_sched_poll(void);
/* With preemption disabled: makes t runnable if it is blocked; 1 if it was. */
int uni_sched_wake(struct uni_thread *t);
/* With preemption disabled: wakes the threads blocked on q (or on a queue that takes any). */
void uni_sched_wake_waiters(struct uni_waitq *q);
/* With the big lock: adds a new thread to the thread list and a run queue; takes an ending
 * one off the list. The list changes only under the big lock, which lets code walk it. */
void uni_sched_link(struct uni_thread *t);
void uni_sched_unlink(struct uni_thread *t);
/* With preemption disabled: the lock of the run queue t is on (or of the CPU it ran on),
 * which keeps its state as it is until uni_sched_release(the returned CPU). */
struct uni_cpu *uni_sched_hold(struct uni_thread *t);
void uni_sched_release(struct uni_cpu *c);
/* With uni_sched_hold: the same as uni_sched_wake. */
int uni_sched_wake_held(struct uni_cpu *c, struct uni_thread *t);
/* When t is preempted and waits in a run queue: held as by uni_sched_hold (its frame may be
 * changed until uni_sched_release); NULL otherwise. */
struct uni_cpu *uni_sched_hold_preempted(struct uni_thread *t);
/* A context's first step after a switch (sched/sched.c); the first CPU's idle context, made
 * before the other CPUs start. */
void uni_sched_switched(void);
void uni_sched_prepare_idle(void);
/* With preemption disabled: sig is pending for the process; one blocked thread that does
 * not block it returns -EINTR. */
void uni_sched_interrupt(int sig);
/* With preemption disabled: a signal was sent to thread t (not blocked by it): its wait ends
 * with -EINTR, or, if it runs program code on another CPU, an IPI brings it through the
 * scheduler there, which delivers it. */
void uni_sched_interrupt_thread(struct uni_thread *t);
/* Re-arms the timer after a new deadline appeared (a signal timer was set). */
void uni_sched_rearm(void);
/* Gives the CPU to another runnable thread, if any. */
void uni_sched_yield(void);

/* Starts a thread running fn(arg) on 'stack' with the thread pointer 'tls'. Returns its tid
 * or -errno. */
int uni_thread_create(int (*fn)(void *), void *stack, void *arg, uint64_t tls, int *clear_tid);
/* Starts a runtime thread running fn(arg) on its own stack of stack_size bytes, with every
 * signal blocked; it does not keep the process alive. Returns its tid or -errno. */
int uni_thread_create_runtime(int (*fn)(void *), void *arg, size_t stack_size);
/* The initial stack of a context that starts in fn(arg) at depth 1 (sched/switch.S's
 * trampoline lowers it); returns the rsp for uni_switch_stacks. */
uint64_t uni_thread_prepare_stack(void *stack_top, int (*fn)(void *), void *arg);
/* Ends the current thread (clears and wakes *clear_tid); the last one ends the VM. */
_Noreturn void uni_thread_exit(int status);

/* Futexes (syscall/thread.c keeps the syscall; the waiting lives here). */
int uni_futex_wait(uint32_t *addr, uint32_t val, uint32_t bitset, uint64_t deadline);
int uni_futex_wake(uint32_t *addr, int n, uint32_t bitset);
int uni_futex_requeue(uint32_t *addr, int nwake, uint32_t *to, int nmove);
/* Without the lock: 1 when no thread waits on addr (a wake there would find none and may
 * return 0 at once), 0 when one may. Called after the program stored the word it wakes for;
 * sched/futex.c says why no wake-up is lost. */
int uni_futex_unwaited(uint32_t *addr);
/* PI futexes (sched/futex_pi.c, linked only with PI mutexes) and robust lists
 * (sched/futex_robust.c): Linux's owner-tid word protocol. */
int uni_futex_lock_pi(uint32_t *addr, int try, uint64_t deadline) UNI_MAYBE_LINKED;
int uni_futex_unlock_pi(uint32_t *addr) UNI_MAYBE_LINKED;
/* When PI waiters wait for addr: hands it to one, marked FUTEX_OWNER_DIED, and returns 1. */
int uni_futex_pi_owner_died(uint32_t *addr) UNI_MAYBE_LINKED;
void uni_futex_robust_exit(struct uni_thread *t);   /* marks what t held as its owner's death */
struct uni_thread *uni_thread_by_tid(int tid);       /* NULL when no such live thread */

/* sched/switch.S */
void uni_switch_stacks(uint64_t *save_rsp, uint64_t new_rsp);
/* Returns when the caller is switched back to. */
void uni_switch_to_frame(uint64_t *save_rsp, const struct uni_trap_frame *f, void *xsave);
_Noreturn void uni_resume_frame(const struct uni_trap_frame *f, void *xsave);
_Noreturn void uni_jump_to_stack(uint64_t rsp);
void uni_thread_trampoline(void);

/* Device interrupts: irq.S and the idle loop set uni_device_irq; the scheduler calls
 * uni_device_poll (set by the drivers that have devices) whenever it looks for work. */
extern volatile int uni_device_irq;
extern void (*uni_device_poll)(void);

/* drivers/lapic.c: one-shot timer and end of interrupt, driven from ring 3. */
void uni_lapic_arm(uint64_t deadline_ns);   /* 0 disarms */
void uni_lapic_eoi(void);
void uni_lapic_init_cpu(void);              /* this CPU's LAPIC: enabled, timer vector set */
int uni_lapic_id(void);

#endif
