/* Signals of the one process: actions and the mask (syscall/signal.c), and running a
 * handler on a signal frame as Linux does (core/sigframe.c). */
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
uint64_t *uni_sigmask(void);

/* Whether sig has a handler the program installed and does not block. */
int uni_signal_catches(int sig);

/* Runs the handler for sig in the context 'f' (whose vector state is 'xsave'): builds a
 * Linux-layout frame (siginfo, ucontext, fpstate) on the interrupted stack or the
 * alternate stack, and enters the handler; its return goes through __restore_rt. */
_Noreturn void uni_signal_enter(int sig, const siginfo_t *info, const struct uni_trap_frame *f, const void *xsave);

/* __restore_rt (arch/x86_64/seam.S) with the frame's ucontext: back to the interrupted context. */
_Noreturn void uni_sigreturn(ucontext_t *uc);

/* Marks sig pending for the process and interrupts blocked threads (-EINTR). Signals whose
 * action is to ignore them are dropped here. */
void uni_signal_raise(int sig, int code);
/* Takes the lowest pending signal of set off the pending set, with its si_code in *code; 0
 * if none (sigtimedwait and signalfd take signals this way, whatever the mask). */
int uni_signal_take(uint64_t set, int *code);
/* Whether a signal of set is pending. */
int uni_signal_pending_in(uint64_t set);
/* Woken whenever a signal becomes pending (signalfd readers and pollers wait on it). */
extern struct uni_waitq uni_signal_wq;
/* Whether a pending signal is not blocked. */
int uni_signal_ready(void);
/* The lowest pending signal not blocked, taken off the pending set; 0 if none. */
int uni_signal_next(void);
/* Delivers pending signals in the current thread's ordinary C context: handlers run as
 * calls, default fatal actions end the VM. Called when a syscall returns. Returns non-zero
 * if a handler without SA_RESTART ran (an interrupted call must then fail with EINTR). */
int uni_signal_deliver_pending(void);
/* From the timer interrupt: runs sig's handler (or default action) in the interrupted
 * context f with vector state xsave. */
_Noreturn void uni_signal_async(int sig, const struct uni_trap_frame *f, const void *xsave);

/* Signal timers (alarm, setitimer, timer_create; syscall/timer.c), driven by the scheduler. */
void uni_sigtimers_expire(uint64_t now);
uint64_t uni_sigtimers_next(void);   /* monotonic ns of the next expiry, 0 = none */

#endif
