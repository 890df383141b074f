/* Signals of the one process: actions, per-thread masks and pending sets (syscall/signal.c),
 * and running a handler on a signal frame as Linux does (core/sigframe.c). */
#ifndef UNI_SIGNAL_H
#define UNI_SIGNAL_H

#include <signal.h>
#include <stdint.h>
#include "uni/trap.h"
#include "uni/wait.h"

struct uni_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

/* The action for sig (1..64); the caller may change it (SA_RESETHAND). */
struct uni_sigaction *uni_sigaction_of(int sig);

/* Whether sig has a handler the program installed and does not block. */
int uni_signal_catches(int sig);

struct uni_thread;
/* Builds the frame for sig's handler in thread t, interrupted in context f (vector state
 * xsave): siginfo, a ucontext whose uc_sigmask is old_mask, fpstate, on t's stack or its
 * alternate stack; applies the action's mask to t. *h becomes the handler's entry state,
 * to be resumed with the returned vector state. */
void *uni_signal_frame(struct uni_thread *t, int sig, const siginfo_t *info, const struct uni_trap_frame *f,
		       const void *xsave, uint64_t old_mask, struct uni_trap_frame *h);
/* Runs the handler for sig in the context 'f' (whose vector state is 'xsave'): builds a
 * Linux-layout frame (siginfo, ucontext, fpstate) on the interrupted stack or the
 * alternate stack, and enters the handler; its return goes through __restore_rt. */
_Noreturn void uni_signal_enter(int sig, const siginfo_t *info, const struct uni_trap_frame *f, const void *xsave);

/* __restore_rt (arch/x86_64/seam.S) with the frame's ucontext: back to the interrupted context. */
_Noreturn void uni_sigreturn(ucontext_t *uc);

/* Marks sig pending for the process and interrupts a blocked thread (-EINTR). Signals whose
 * action is to ignore them are dropped here. */
void uni_signal_raise(int sig, int code);
/* The same with a sigqueue value (rt_sigqueueinfo). */
void uni_signal_raise_value(int sig, int code, union sigval value);
/* Takes the lowest pending signal of set (the current thread's own first, then the process's)
 * off its pending set, with its si_code in *code; 0 if none (sigtimedwait and signalfd take
 * signals this way, whatever the mask). */
int uni_signal_take(uint64_t set, int *code, union sigval *value);
/* Whether a signal of set is pending for the current thread or the process. */
int uni_signal_pending_in(uint64_t set);
/* Woken whenever a signal becomes pending (signalfd readers and pollers wait on it). */
extern struct uni_waitq uni_signal_wq;
/* Whether a signal pending for the current thread or the process is not blocked. */
int uni_signal_ready(void);
/* The lowest such signal, taken off its pending set; 0 if none. */
int uni_signal_next(void);
/* From the dispatcher, at depth 0 when a signal is ready or a mask is to be restored: the
 * syscall n(a..f) returns through arch/x86_64/sigentry.S instead of to *ret_slot, which
 * runs the handler on a signal frame (uni_signal_syscall_return). */
void uni_signal_on_return(uint64_t *ret_slot, long n, long a, long b, long c, long d, long e, long f);
_Noreturn void uni_signal_syscall_return(struct uni_trap_frame *f, void *xsave);
/* For calls that wait with a temporary mask (sigsuspend, ppoll, pselect, epoll_pwait): the
 * current thread's mask becomes 'mask' again once the call returns and a handler it let in
 * has run. */
void uni_signal_restore_mask_on_return(uint64_t mask);
/* From the timer interrupt: runs sig's handler (or default action) in the interrupted
 * context f with vector state xsave. */
_Noreturn void uni_signal_async(int sig, const struct uni_trap_frame *f, const void *xsave);

/* Signals from outside (core/hostsig.c): uni_hostsig_start before the program runs turns on
 * ring 3's interrupts and the platform's channel; the platform sets uni_hostsig_irq when one
 * arrives, and the scheduler calls uni_hostsig_poll, which raises them (SI_USER). */
void uni_hostsig_start(void);
void uni_hostsig_poll(void);
extern volatile int uni_hostsig_irq;
extern int uni_hostsig_offered;   /* uni.signals: uni-run sends signals over the PVH channel */
extern uint64_t uni_hostsig_sent; /* bit n-1: signal n came from outside (its default is quiet) */

/* Signal timers (alarm, setitimer, timer_create; syscall/timer.c), driven by the scheduler. */
void uni_sigtimers_expire(uint64_t now);
uint64_t uni_sigtimers_next(void);   /* monotonic ns of the next expiry, 0 = none */

#endif
