/* Crash reports: a fault in the program (handed up from ring 0 by trap.S) or a fatal
 * signal prints one report on stderr, with registers and a frame-pointer backtrace that
 * uni-run symbolizes, then the VM exits with 128+signal as a shell shows a killed process. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "uni/abi.h"
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/layout.h"
#include "uni/runtime.h"
#include "uni/signal.h"
#include "uni/trap.h"
#include "uni/uaccess.h"
#include "uni/weak.h"

extern char __text_start[], __text_end[];

static int in_crash;

static const char *sig_name(int sig)
{
	static const char *const names[] = {
		[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
		[SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
		[SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
		[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM", [SIGSTKFLT] = "SIGSTKFLT",
		[SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ", [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
		[SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR", [SIGSYS] = "SIGSYS",
	};
	return sig > 0 && sig < (int)(sizeof names / sizeof names[0]) && names[sig] ? names[sig] : "a signal";
}

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0)
		uni_console_write(2, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static int readable(uint64_t a)
{
	/* Frames live on the main stack or the trap stack; anything else ends the walk. */
	return (a >= uni_boot.stack_bottom && a + 16 <= uni_boot.stack_top) ||
	       (a >= uni_boot.free_start && a + 16 <= uni_boot.ram_top);
}

static int in_text(uint64_t a)
{
	return a >= (uint64_t)__text_start && a < (uint64_t)__text_end;
}

void uni_backtrace(uint64_t rip, uint64_t sp, uint64_t fp)
{
	int n = 0;
	uint64_t delta = uni_image_delta();
	if (delta)
		out(UNI_RELOCATED_PREFIX "%llx (an address below minus that is the image's own, as nm "
		    "shows it)\n", (unsigned long long)delta);
	out("uni: backtrace:\n");
	if (rip)
		out("  #%d 0x%016llx\n", n++, (unsigned long long)rip);
	/* A jump or call into data: the caller's return address is usually still at [rsp]. */
	if (rip && !in_text(rip) && readable(sp) && in_text(*(uint64_t *)sp))
		out("  #%d 0x%016llx\n", n++, (unsigned long long)*(uint64_t *)sp);
	while (n < 32 && readable(fp) && !(fp & 7)) {
		uint64_t ret = ((uint64_t *)fp)[1], next = ((uint64_t *)fp)[0];
		if (!in_text(ret))
			break;
		out("  #%d 0x%016llx\n", n++, (unsigned long long)ret);
		if (next <= fp)
			break;
		fp = next;
	}
}

/* One report, even when several CPUs crash at once: the others stop where they are. */
static void crash_begin(int sig)
{
	if (__atomic_fetch_add(&in_crash, 1, __ATOMIC_ACQ_REL))
		uni_exit(128 + sig);
	uni_smp_stop_others();
}

_Noreturn void uni_fatal_signal(int sig, const char *why, uint64_t rip, uint64_t fp)
{
	crash_begin(sig);
	out("uni: program terminated by %s (%s)\n", sig_name(sig), why);
	uni_backtrace(rip, 0, fp);
	uni_exit(128 + sig);
}

static const char *pf_reason(const struct uni_trap_frame *f, char *buf, size_t n)
{
	uint64_t a = f->cr2;
	if (a >= uni_boot.guard && a < uni_boot.guard + 4096)
		return "stack overflow: the guard page below the stack was touched";
	if (a < 0x10000)
		snprintf(buf, n, "NULL pointer %s at address 0x%llx", f->error & 2 ? "write" : "read", (unsigned long long)a);
	else if (f->error & 0x10)
		snprintf(buf, n, "execute from non-executable memory at 0x%llx", (unsigned long long)a);
	else if ((f->error & 1) && (f->error & 2))
		snprintf(buf, n, "write to read-only memory at 0x%llx", (unsigned long long)a);
	else
		snprintf(buf, n, "%s of unmapped address 0x%llx", f->error & 2 ? "write" : "read", (unsigned long long)a);
	return buf;
}

/* -fsanitize=undefined in trap mode (which uni-cc sets) executes ud2 (gcc, and __builtin_trap)
 * or ud1 with an address-size prefix (clang); the faulting instruction was fetched, so its bytes
 * are readable. */
static const char *ud_reason(const uint8_t *ip)
{
	if (ip[0] == 0x67)
		ip++;
	if (ip[0] == 0x0f && ip[1] == 0x0b)
		return "ud2: a -fsanitize=undefined check failed, or __builtin_trap()";
	if (ip[0] == 0x0f && ip[1] == 0xb9)
		return "ud1: a -fsanitize=undefined check failed";
	return "invalid opcode";
}

/* musl's __stack_chk_fail (linked when a function built with uni-cc's default
 * -fstack-protector-strong found its canary overwritten) executes hlt, a general protection
 * fault in ring 3 and on the host; named as glibc names it, and a SIGABRT as there. */
extern void __stack_chk_fail(void) UNI_WEAK_FN;

static int stack_smashed(const struct uni_trap_frame *f)
{
	uint64_t at = (uint64_t)__stack_chk_fail;
	return at && f->vector == 13 && f->rip - at < 16;
}

_Noreturn void uni_crash_from_trap(const struct uni_trap_frame *f)
{
	char buf[128];
	const char *why;
	int sig;
	uni_user_fixup(f, uni_cpu()->trap_xsave);   /* a syscall's probe of a bad pointer: EFAULT */
	switch (f->vector) {
	case 0: sig = SIGFPE; why = "integer divide by zero"; break;
	case 1: case 3: sig = SIGTRAP; why = "breakpoint"; break;
	case 6:
		sig = SIGILL;
		why = ud_reason((const uint8_t *)f->rip);
		break;
	case 13:
		sig = stack_smashed(f) ? SIGABRT : SIGSEGV;
		why = sig == SIGABRT ? "*** stack smashing detected ***: a stack protector canary was overwritten"
				     : "general protection fault";
		break;
	case 14: sig = SIGSEGV; why = pf_reason(f, buf, sizeof buf); break;
	case 16: case 19: sig = SIGFPE; why = "floating-point exception"; break;
	case 17: sig = SIGBUS; why = "alignment check"; break;
	case 12: sig = SIGBUS; why = "stack segment fault"; break;
	default:
		sig = SIGSEGV;
		snprintf(buf, sizeof buf, "CPU exception %llu", (unsigned long long)f->vector);
		why = buf;
	}
	/* The program's handler runs under the lock's rules: take it unless runtime code faulted
	 * on this CPU (which then holds it); uni_signal_enter drops it with the depth. */
	struct uni_cpu *c = uni_cpu();
	if (!c->preempt_off) {
		c->preempt_off = 1;
		uni_lock_acquire();
	}
	if (uni_signal_catches(sig)) {
		siginfo_t si = { .si_signo = sig };
		/* Page 0 is present (the pseudo-TSS) but, as on Linux, unmapped for the program. */
		int mapped = f->vector == 14 && (f->error & 1) && f->cr2 >= UNI_NULL_GUARD;
		si.si_code = sig == SIGSEGV ? (mapped ? SEGV_ACCERR : SEGV_MAPERR)
			   : sig == SIGFPE ? FPE_INTDIV : sig == SIGILL ? ILL_ILLOPN : sig == SIGBUS ? BUS_ADRALN : 0;
		si.si_addr = (void *)(f->vector == 14 ? f->cr2 : f->rip);
		uni_signal_enter(sig, &si, f, c->trap_xsave);
	}
	crash_begin(sig);
	out("uni: program terminated by %s (%s)\n", sig_name(sig), why);
	out("uni:   rip %016llx  rsp %016llx  rbp %016llx  err %llx\n", (unsigned long long)f->rip,
	    (unsigned long long)f->rsp, (unsigned long long)f->rbp, (unsigned long long)f->error);
	out("uni:   rax %016llx  rbx %016llx  rcx %016llx  rdx %016llx\n", (unsigned long long)f->rax,
	    (unsigned long long)f->rbx, (unsigned long long)f->rcx, (unsigned long long)f->rdx);
	out("uni:   rsi %016llx  rdi %016llx  r8  %016llx  r9  %016llx\n", (unsigned long long)f->rsi,
	    (unsigned long long)f->rdi, (unsigned long long)f->r8, (unsigned long long)f->r9);
	out("uni:   r10 %016llx  r11 %016llx  r12 %016llx  r13 %016llx\n", (unsigned long long)f->r10,
	    (unsigned long long)f->r11, (unsigned long long)f->r12, (unsigned long long)f->r13);
	out("uni:   r14 %016llx  r15 %016llx  rflags %llx\n", (unsigned long long)f->r14,
	    (unsigned long long)f->r15, (unsigned long long)f->rflags);
	uni_backtrace(f->rip, f->rsp, f->rbp);
	uni_exit(128 + sig);
}
