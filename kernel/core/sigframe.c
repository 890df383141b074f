/* Signal frames: entering a handler with (sig, siginfo, ucontext) on the thread's stack or
 * its alternate stack, and sigreturn. The layout is Linux's, so programs that read the
 * ucontext (gregs, fpregs) or siglongjmp out of a handler work unchanged. */
#define _GNU_SOURCE
#include <string.h>
#include "uni/layout.h"
#include "uni/sched.h"
#include "uni/signal.h"

static const struct { int greg, frame; } regmap[] = {
	{ REG_R8, 7 }, { REG_R9, 8 }, { REG_R10, 9 }, { REG_R11, 10 }, { REG_R12, 11 },
	{ REG_R13, 12 }, { REG_R14, 13 }, { REG_R15, 14 }, { REG_RDI, 5 }, { REG_RSI, 4 },
	{ REG_RBP, 6 }, { REG_RBX, 1 }, { REG_RDX, 3 }, { REG_RAX, 0 }, { REG_RCX, 2 },
	{ REG_RSP, 19 }, { REG_RIP, 17 }, { REG_EFL, 18 },
};

static uint64_t *frame_word(struct uni_trap_frame *f, int i)
{
	return (uint64_t *)f + i;
}

void *uni_signal_frame(struct uni_thread *t, int sig, const siginfo_t *info, const struct uni_trap_frame *f,
		       const void *xsave, uint64_t old_mask, struct uni_trap_frame *h)
{
	struct uni_sigaction *a = uni_sigaction_of(sig);
	uint64_t sp = f->rsp - 128;   /* keep the interrupted function's red zone */
	int on_alt = t->alt_size && sp >= t->alt_sp && sp < t->alt_sp + t->alt_size;
	if ((a->flags & SA_ONSTACK) && t->alt_size && !on_alt)
		sp = t->alt_sp + t->alt_size;

	sp = (sp - UNI_XSAVE_SIZE) & ~63ull;
	void *fpstate = (void *)sp;
	memcpy(fpstate, xsave, UNI_XSAVE_SIZE);
	sp -= sizeof(siginfo_t);
	siginfo_t *si = (siginfo_t *)sp;
	*si = *info;
	sp = (sp - sizeof(ucontext_t)) & ~15ull;
	ucontext_t *uc = (ucontext_t *)sp;
	memset(uc, 0, sizeof *uc);
	for (size_t i = 0; i < sizeof regmap / sizeof regmap[0]; i++)
		uc->uc_mcontext.gregs[regmap[i].greg] = (greg_t)*frame_word((struct uni_trap_frame *)f, regmap[i].frame);
	uc->uc_mcontext.gregs[REG_ERR] = (greg_t)f->error;
	uc->uc_mcontext.gregs[REG_TRAPNO] = (greg_t)f->vector;
	uc->uc_mcontext.gregs[REG_CR2] = (greg_t)f->cr2;
	uc->uc_mcontext.fpregs = fpstate;
	memcpy(&uc->uc_sigmask, &old_mask, sizeof old_mask);
	uc->uc_stack.ss_sp = (void *)t->alt_sp;
	uc->uc_stack.ss_size = t->alt_size;
	uc->uc_stack.ss_flags = !t->alt_size ? SS_DISABLE : on_alt ? SS_ONSTACK : 0;
	sp -= 8;   /* the handler's return address: rsp = 8 mod 16 at its entry */
	*(uint64_t *)sp = (uint64_t)a->restorer;

	void (*handler)(int) = a->handler;
	t->sigmask |= a->mask;
	if (!(a->flags & SA_NODEFER))
		t->sigmask |= 1ull << (sig - 1);
	if (a->flags & SA_RESETHAND)
		a->handler = SIG_DFL;

	*h = *f;
	h->rip = (uint64_t)handler;
	h->rsp = sp;
	h->rdi = (uint64_t)sig;
	h->rsi = (uint64_t)si;
	h->rdx = (uint64_t)uc;
	h->rax = 0;
	h->rflags &= ~0x400ull;   /* DF clear, as the ABI requires at a call */
	return fpstate;
}

_Noreturn void uni_signal_enter(int sig, const siginfo_t *info, const struct uni_trap_frame *f, const void *xsave)
{
	struct uni_thread *t = uni_current;
	struct uni_trap_frame h;
	void *fpstate = uni_signal_frame(t, sig, info, f, xsave, t->sigmask, &h);
	uni_resume_frame(&h, fpstate);
}

_Noreturn void uni_sigreturn(ucontext_t *uc)
{
	struct uni_trap_frame f;
	memset(&f, 0, sizeof f);
	for (size_t i = 0; i < sizeof regmap / sizeof regmap[0]; i++)
		*frame_word(&f, regmap[i].frame) = (uint64_t)uc->uc_mcontext.gregs[regmap[i].greg];
	/* Ring 3 may not give itself a different IOPL or trap flags through sigreturn. */
	f.rflags = (f.rflags & 0xcd5) | UNI_RFLAGS_USER | (uni_sched_irqs ? 0x200 : 0);
	memcpy(&uni_current->sigmask, &uc->uc_sigmask, sizeof(uint64_t));
	uni_resume_frame(&f, uc->uc_mcontext.fpregs);
}
