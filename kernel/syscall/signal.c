/* Signals within the one process: actions, the mask and the alternate stack. A signal the
 * program sends itself runs its handler at once, or takes the default action (a fatal one
 * ends the VM with the crash report and status 128+n). Hardware faults reach handlers
 * through core/crash.c and core/sigframe.c. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include "uni/console.h"
#include "uni/runtime.h"
#include "uni/signal.h"

static struct uni_sigaction actions[65];
static uint64_t blocked;
struct { void *sp; int flags; size_t size; } uni_altstack = { 0, SS_DISABLE, 0 };

struct uni_sigaction *uni_sigaction_of(int sig) { return &actions[sig]; }
uint64_t *uni_sigmask(void) { return &blocked; }

int uni_signal_catches(int sig)
{
	void (*h)(int) = actions[sig].handler;
	return h != SIG_DFL && h != SIG_IGN && !(blocked & (1ull << (sig - 1)));
}

long sys_rt_sigaction(long sig, long act, long old, long size, long e, long f)
{
	(void)e, (void)f;
	if (sig < 1 || sig > 64 || size != 8)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (old)
		memcpy((void *)old, &actions[sig], sizeof actions[0]);
	if (act)
		memcpy(&actions[sig], (const void *)act, sizeof actions[0]);
	return 0;
}

long sys_rt_sigprocmask(long how, long set, long old, long size, long e, long f)
{
	(void)e, (void)f;
	if (size != 8)
		return -EINVAL;
	if (old)
		*(uint64_t *)old = blocked;
	if (set) {
		uint64_t s = *(const uint64_t *)set;
		switch (how) {
		case SIG_BLOCK: blocked |= s; break;
		case SIG_UNBLOCK: blocked &= ~s; break;
		case SIG_SETMASK: blocked = s; break;
		default: return -EINVAL;
		}
	}
	return 0;
}

long sys_sigaltstack(long ss, long old, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (old)
		*(stack_t *)old = (stack_t){ uni_altstack.sp, uni_altstack.flags, uni_altstack.size };
	if (ss) {
		const stack_t *n = (const void *)ss;
		if (n->ss_flags & ~SS_DISABLE)
			return -EINVAL;
		if (!(n->ss_flags & SS_DISABLE) && n->ss_size < MINSIGSTKSZ)
			return -ENOMEM;
		uni_altstack.sp = n->ss_sp;
		uni_altstack.size = n->ss_size;
		uni_altstack.flags = n->ss_flags;
	}
	return 0;
}

static int ignored_by_default(long sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT ||
	       sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static long deliver_to_self(long sig)
{
	if (sig == 0)
		return 0;
	if (sig < 1 || sig > 64)
		return -EINVAL;
	void (*h)(int) = actions[sig].handler;
	if (h == SIG_IGN || (h == SIG_DFL && ignored_by_default(sig)))
		return 0;
	if (h == SIG_DFL) {
		uint64_t fp = (uint64_t)__builtin_frame_address(0);
		uni_fatal_signal((int)sig, sig == SIGABRT ? "abort" : "sent by the program", 0, fp);
	}
	if (actions[sig].flags & SA_SIGINFO) {
		siginfo_t si = { .si_signo = (int)sig, .si_code = SI_TKILL };
		((void (*)(int, siginfo_t *, void *))(void *)h)((int)sig, &si, NULL);
	} else {
		h((int)sig);
	}
	return 0;
}

long sys_kill(long pid, long sig, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (pid != 1 && pid != 0 && pid != -1)
		return -ESRCH;
	return deliver_to_self(sig);
}

long sys_tkill(long tid, long sig, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return tid == 1 ? deliver_to_self(sig) : -ESRCH;
}

long sys_tgkill(long tgid, long tid, long sig, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return tgid == 1 && tid == 1 ? deliver_to_self(sig) : -ESRCH;
}

/* Reached only from foreign code: __restore_rt calls uni_sigreturn directly. */
long sys_rt_sigreturn(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	uni_log("rt_sigreturn called without a signal frame from __restore_rt");
	uni_exit(139);
}
