/* Signals of the one process: actions and the mask (syscall/signal.c), and running a
 * handler on a signal frame as Linux does (core/sigframe.c). */
#ifndef UNI_SIGNAL_H
#define UNI_SIGNAL_H

#include <signal.h>
#include <stdint.h>
#include "uni/trap.h"

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

#endif
