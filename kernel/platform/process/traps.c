/* Host signals as the CPU's traps and interrupts. A fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
 * SIGTRAP) is what a PVH guest's exception is: its registers go into this CPU's trap frame
 * and the thread continues in the runtime's fault path (uni_trap_user_entry) on the trap
 * stack, with interrupts off — exactly what platform/pvh/ring0/trap.S does from ring 0. The timer,
 * IPI and device signals are the interrupts, and so are the host signals the program gets
 * as its own (SIGINT, SIGTERM...: HOST_FWD_MASK): noted while runtime code runs, else the
 * thread continues in sched/irq.S's entry on the interrupt stack. "Interrupts off" is these
 * signals blocked. A seccomp trap (SIGSYS) is a foreign syscall instruction in the program,
 * handed to the runtime's dispatcher as a PVH guest's ring 0 does (platform/pvh/ring0/syscall_entry.S),
 * or, from the runtime's own host-call section, a host call the sandbox refused. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include "uni/abi.h"
#include "uni/cpu.h"
#include "uni/layout.h"
#include "uni/sched.h"
#include "uni/signal.h"
#include "uni/trap.h"
#include "process.h"

extern char uni_trap_user_entry[], uni_irq_user_entry[], uni_foreign_syscall[];

/* The kernel's struct sigaction on x86_64. */
struct host_sigaction {
	void (*handler)(int, siginfo_t *, void *);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};
#define HOST_SA_SIGINFO 4
#define HOST_SA_ONSTACK 0x08000000
#define HOST_SA_RESTORER 0x04000000
#define HOST_SA_RESTART 0x10000000

/* The general registers of a host signal's context in struct uni_trap_frame's order. */
static const int frame_regs[] = {
	REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI, REG_RBP, REG_R8, REG_R9,
	REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
};

static void save_frame(struct uni_trap_frame *f, const greg_t *g, uint64_t vector)
{
	uint64_t *w = (uint64_t *)f;
	for (size_t i = 0; i < sizeof frame_regs / sizeof frame_regs[0]; i++)
		w[i] = (uint64_t)g[frame_regs[i]];
	f->vector = vector;
	f->error = (uint64_t)g[REG_ERR];
	f->rip = (uint64_t)g[REG_RIP];
	f->rflags = (uint64_t)g[REG_EFL];
	f->rsp = (uint64_t)g[REG_RSP];
	f->cr2 = (uint64_t)g[REG_CR2];
}

/* The signal returns into entry on stack with this CPU's interrupts off, and with TF, DF and
 * AC clear, as ring 0 enters the runtime (SFMASK, trap.S's UNI_RFLAGS_USER): the program may be
 * interrupted between std and cld (musl's backward memmove), and the runtime's C code, whose
 * rep stos and rep movs must go forwards, would inherit its DF. The frame keeps the program's. */
static void divert(ucontext_t *uc, void *entry, uint64_t stack)
{
	uc->uc_mcontext.gregs[REG_RIP] = (greg_t)entry;
	uc->uc_mcontext.gregs[REG_RSP] = (greg_t)stack;
	uc->uc_mcontext.gregs[REG_EFL] &= ~(greg_t)(0x100 | 0x400 | 0x40000);   /* TF, DF, AC */
	*(uint64_t *)&uc->uc_sigmask |= HOST_IRQ_MASK;
}

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	ucontext_t *uc = ucv;
	struct uni_cpu *c = uni_cpu();
	save_frame(&c->trap_frame, uc->uc_mcontext.gregs, (uint64_t)uc->uc_mcontext.gregs[REG_TRAPNO]);
	divert(uc, uni_trap_user_entry, c->trap_stack_top);
}

/* Forwarded host signals that came, bit n-1 for signal n, until the scheduler takes them. */
static uint64_t forwarded;

int uni_host_signal_take(void)
{
	uint64_t f = __atomic_load_n(&forwarded, __ATOMIC_ACQUIRE);
	if (!f)
		return 0;
	int sig = __builtin_ctzll(f) + 1;
	__atomic_and_fetch(&forwarded, ~(1ull << (sig - 1)), __ATOMIC_ACQ_REL);
	return sig;
}

static void on_interrupt(int sig, siginfo_t *si, void *ucv)
{
	(void)si;
	ucontext_t *uc = ucv;
	struct uni_cpu *c = uni_cpu();
	if (sig == HOST_SIG_DEVICE)
		uni_device_irq = 1;   /* drivers look at their devices when the scheduler polls */
	if (HOST_FWD_MASK >> (sig - 1) & 1) {
		__atomic_or_fetch(&forwarded, 1ull << (sig - 1), __ATOMIC_ACQ_REL);
		uni_hostsig_irq = 1;   /* the scheduler takes it (core/hostsig.c) */
	}
	if (uni_host_cpus[c->index].halting)
		return;   /* the halt's ppoll returns: the idle loop looks at everything */
	if (c->preempt_off) {
		c->preempt_pending = 1;   /* taken when the runtime code is done (uni_preempt_enable) */
		return;
	}
	uint64_t vector = sig == HOST_SIG_TIMER ? UNI_VEC_TIMER : sig == HOST_SIG_IPI ? UNI_VEC_RESCHED : UNI_VEC_DEVICE;   /* forwarded ones too */
	save_frame(&c->irq_frame, uc->uc_mcontext.gregs, vector);
	divert(uc, uni_irq_user_entry, c->irq_stack_top);
}

static void say(const char *s)
{
	uni_host_write_all(2, s, strlen(s));
}

static void on_sandbox(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	ucontext_t *uc = ucv;
	greg_t *g = uc->uc_mcontext.gregs;
	uint64_t ip = (uint64_t)g[REG_RIP];   /* after the syscall instruction */
	if (ip > (uint64_t)uni_host_text_start && ip <= (uint64_t)uni_host_text_end) {
		char num[16], *p = num + sizeof num;
		unsigned n = (unsigned)si->si_syscall;
		*--p = 0;
		do
			*--p = (char)('0' + n % 10);
		while (n /= 10);
		say("uni: sandbox: host call ");
		say(p);
		say(" refused (the process platform allows only the calls docs/ARCHITECTURE.md lists); the image stops\n");
		uni_host_exit(UNI_EXIT_SANDBOX);
	}
	/* The vDSO's clock_gettime falling back to the syscall: made from the host text. */
	if (uni_host_in_vdso(ip) && si->si_syscall == SYS_clock_gettime) {
		g[REG_RAX] = uni_host_syscall(SYS_clock_gettime, g[REG_RDI], g[REG_RSI], 0, 0, 0, 0);
		return;
	}
	/* The program's own syscall instruction: the runtime answers it. uni_foreign_syscall
	 * expects the return address on the stack below the caller's red zone. */
	uint64_t sp = (uint64_t)g[REG_RSP] - 128 - 8;
	*(uint64_t *)sp = ip;
	g[REG_RSP] = (greg_t)sp;
	g[REG_RAX] = si->si_syscall;
	g[REG_RIP] = (greg_t)uni_foreign_syscall;
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *), unsigned long extra)
{
	struct host_sigaction sa = {
		.handler = fn,
		.flags = HOST_SA_SIGINFO | HOST_SA_ONSTACK | HOST_SA_RESTORER | extra,
		.restorer = uni_host_restorer,
		.mask = HOST_IRQ_MASK,
	};
	host4(SYS_rt_sigaction, sig, &sa, 0, 8);
}

void uni_host_traps_init(void)
{
	static const int faults[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP };
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
		handle(faults[i], on_fault, 0);
	/* Interrupted host calls restart (console writes, halt's ppoll returns EINTR anyway). */
	handle(HOST_SIG_TIMER, on_interrupt, HOST_SA_RESTART);
	handle(HOST_SIG_IPI, on_interrupt, HOST_SA_RESTART);
	handle(HOST_SIG_DEVICE, on_interrupt, HOST_SA_RESTART);
	for (int sig = 1; sig < 64; sig++)
		if (HOST_FWD_MASK >> (sig - 1) & 1)
			handle(sig, on_interrupt, HOST_SA_RESTART);
	handle(SIGSYS, on_sandbox, 0);
	/* A closed stdout is the program's business (EPIPE), not a reason to die. */
	struct host_sigaction ign = { .handler = (void *)SIG_IGN };
	host4(SYS_rt_sigaction, SIGPIPE, &ign, 0, 8);
}

void uni_host_altstack(struct host_cpu *h)
{
	stack_t ss = { .ss_sp = h->altstack, .ss_size = HOST_ALTSTACK_SIZE };
	host2(SYS_sigaltstack, &ss, 0);
}

/* uni/platform.h resume: a host rt_sigreturn does everything at once — registers, vector
 * state, and the signal mask that turns this CPU's interrupts back on. The frame is built in
 * this CPU's own resume area, and everything is copied there before the thread we switched
 * away from is handed off: once it is, another CPU may resume that thread, whose stack we are
 * on (a voluntary switch saved it just now), and f itself may live on that stack. */
_Noreturn void uni_process_resume(const struct uni_trap_frame *f, void *xsave, int runtime)
{
	uint64_t irqs = HOST_IRQ_MASK;
	host4(SYS_rt_sigprocmask, SIG_BLOCK, &irqs, 0, 8);
	struct uni_cpu *c = uni_cpu();
	struct host_cpu *h = &uni_host_cpus[c->index];
	uint32_t xsize = uni_host_xsave_size;
	ucontext_t *uc = (ucontext_t *)(((uint64_t)h->resume_area + 15) & ~15ull);
	char *fp = (char *)(((uint64_t)(uc + 1) + 63) & ~63ull);
	memset(uc, 0, sizeof *uc);
	greg_t *g = uc->uc_mcontext.gregs;
	const uint64_t *w = (const uint64_t *)f;
	for (size_t i = 0; i < sizeof frame_regs / sizeof frame_regs[0]; i++)
		g[frame_regs[i]] = (greg_t)w[i];
	g[REG_RIP] = (greg_t)f->rip;
	g[REG_RSP] = (greg_t)f->rsp;
	g[REG_EFL] = (greg_t)f->rflags;
	g[REG_CSGSFS] = (greg_t)((uint64_t)uni_host_cs | (uint64_t)uni_host_ss << 48);
	uc->uc_stack.ss_sp = h->altstack;
	uc->uc_stack.ss_size = HOST_ALTSTACK_SIZE;
	uc->uc_flags = 0x1 | 0x2 | 0x4;   /* UC_FP_XSTATE, UC_SIGCONTEXT_SS, UC_STRICT_RESTORE_SS */
	if (xsave) {
		memcpy(fp, xsave, xsize);
	} else {
		__asm__ volatile("xsave (%0)" : : "r"(fp), "a"((uint32_t)uni_xsave_mask),
				 "d"((uint32_t)(uni_xsave_mask >> 32)) : "memory");
	}
	/* The software-reserved bytes of the legacy area that tell the kernel it is an xsave
	 * image, and the second magic word right after it. */
	uint32_t *sw = (uint32_t *)(fp + 464);
	sw[0] = 0x46505853;           /* FP_XSTATE_MAGIC1 */
	sw[1] = xsize + 4;            /* extended size */
	*(uint64_t *)&sw[2] = uni_xsave_mask;
	sw[4] = xsize;
	memset(&sw[5], 0, 7 * sizeof sw[0]);
	*(uint32_t *)(fp + xsize) = 0x46505845;   /* FP_XSTATE_MAGIC2 */
	uc->uc_mcontext.fpregs = (void *)fp;
	/* uc_sigmask all clear: interrupts on (the host's other signals are never blocked). */
	uni_cpu_handoff_done(c);
	if (!runtime) {
		c->preempt_off = 0;
		uni_lock_release();
	}
	uni_host_sigreturn(uc);
}
