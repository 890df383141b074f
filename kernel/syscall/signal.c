/* Signals within the one process: actions, the mask and the alternate stack. A signal the
 * program sends itself runs its handler at once, or takes the default action (a fatal one
 * ends the VM with the crash report and status 128+n). Hardware faults reach handlers
 * through core/crash.c and core/sigframe.c. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include "uni/console.h"
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/signal.h"

static struct uni_sigaction actions[65];
/* Each thread has its own mask (musl's thread start and exit block signals in that thread
 * only); pending signals belong to the process. */
#define blocked (uni_current->sigmask)
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

static uint64_t pending;
static int pending_code[65];
struct uni_waitq uni_signal_wq;

static int ignored_by_default(long sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT ||
	       sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static int ignored(int sig)
{
	void (*h)(int) = actions[sig].handler;
	return h == SIG_IGN || (h == SIG_DFL && ignored_by_default(sig));
}

void uni_signal_raise(int sig, int code)
{
	if (ignored(sig))
		return;
	uni_preempt_disable();
	pending |= 1ull << (sig - 1);
	pending_code[sig] = code;
	uni_wake(&uni_signal_wq);
	uni_sched_interrupt(sig);
	uni_preempt_enable();
}

int uni_signal_take(uint64_t set, int *code)
{
	if (!(pending & set))
		return 0;
	int sig = __builtin_ctzll(pending & set) + 1;
	pending &= ~(1ull << (sig - 1));
	*code = pending_code[sig];
	return sig;
}

int uni_signal_pending_in(uint64_t set)
{
	return (pending & set) != 0;
}

int uni_signal_ready(void)
{
	return (pending & ~blocked) != 0;
}

int uni_signal_next(void)
{
	uint64_t ready = pending & ~blocked;
	if (!ready)
		return 0;
	int sig = __builtin_ctzll(ready) + 1;
	pending &= ~(1ull << (sig - 1));
	return sig;
}

static const char *default_why(int sig)
{
	return sig == SIGABRT ? "abort" : sig == SIGALRM ? "timer expired" : "signal";
}

/* Runs the handler as a call; the mask during it is the action's, as on Linux. */
static void call_handler(int sig)
{
	struct uni_sigaction *a = &actions[sig];
	void (*h)(int) = a->handler;
	if (h == SIG_DFL) {
		uint64_t fp = (uint64_t)__builtin_frame_address(0);
		uni_fatal_signal(sig, default_why(sig), 0, fp);
	}
	uint64_t saved = blocked;
	blocked |= a->mask | (a->flags & SA_NODEFER ? 0 : 1ull << (sig - 1));
	if (a->flags & SA_RESETHAND)
		a->handler = SIG_DFL;
	if (a->flags & SA_SIGINFO) {
		siginfo_t si = { .si_signo = sig, .si_code = pending_code[sig] };
		((void (*)(int, siginfo_t *, void *))(void *)h)(sig, &si, NULL);
	} else {
		h(sig);
	}
	blocked = saved;
}

int uni_signal_deliver_pending(void)
{
	int sig, interrupts = 0;
	/* Handlers run as calls in the thread's own context, without the lock when the caller
	 * has dropped it (the way out of a syscall). */
	while (__atomic_load_n(&pending, __ATOMIC_RELAXED) & ~blocked) {
		uni_preempt_disable();
		sig = uni_signal_next();
		int ign = sig && ignored(sig);
		uni_preempt_enable();
		if (!sig)
			break;
		if (!ign) {
			interrupts |= !(actions[sig].flags & SA_RESTART);
			call_handler(sig);
		}
	}
	return interrupts;
}

_Noreturn void uni_signal_async(int sig, const struct uni_trap_frame *f, const void *xsave)
{
	if (actions[sig].handler == SIG_DFL)
		uni_fatal_signal(sig, default_why(sig), f->rip, f->rbp);
	siginfo_t si = { .si_signo = sig, .si_code = pending_code[sig] };
	uni_signal_enter(sig, &si, f, xsave);
}

/* A signal to this process: the handler runs before the call returns (the dispatcher
 * delivers pending signals on the way out), as Linux does for a signal sent to oneself. */
static long send_to_self(long sig, int code)
{
	if (sig == 0)
		return 0;
	if (sig < 1 || sig > 64)
		return -EINVAL;
	uni_signal_raise((int)sig, code);
	return 0;
}

long sys_kill(long pid, long sig, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (pid != 1 && pid != 0 && pid != -1)
		return -ESRCH;
	return send_to_self(sig, SI_USER);
}

static int thread_exists(long tid)
{
	extern struct uni_thread *uni_all_threads;
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all)
		if (t->tid == tid)
			return 1;
	return 0;
}

long sys_tkill(long tid, long sig, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return thread_exists(tid) ? send_to_self(sig, SI_TKILL) : -ESRCH;
}

long sys_tgkill(long tgid, long tid, long sig, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return tgid == 1 && thread_exists(tid) ? send_to_self(sig, SI_TKILL) : -ESRCH;
}

long sys_rt_sigpending(long set, long size, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (size != 8)
		return -EINVAL;
	*(uint64_t *)set = pending & blocked;
	return 0;
}

/* pause and sigsuspend: sleep until a signal; the dispatcher then runs its handler. */
long sys_pause(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	while (uni_sched_block(0, 0) != -EINTR)
		;
	return -EINTR;
}

long sys_rt_sigsuspend(long set, long size, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (size != 8)
		return -EINVAL;
	uint64_t saved = blocked;
	blocked = *(const uint64_t *)set & ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
	sys_pause(0, 0, 0, 0, 0, 0);
	uni_signal_deliver_pending();
	blocked = saved;
	return -EINTR;
}

/* rt_sigtimedwait (sigwait, sigwaitinfo, sigtimedwait): takes a pending signal of set, or
 * waits for one with set unblocked meanwhile (so that a raise picks this thread) but its
 * handlers not run: the signal is taken off the pending set before the mask comes back. */
long sys_rt_sigtimedwait(long set, long info, long timeout, long size, long e, long f)
{
	(void)e, (void)f;
	if (size != 8)
		return -EINVAL;
	uint64_t want = *(const uint64_t *)set & ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
	uint64_t deadline = 0;
	if (timeout) {
		const struct timespec *t = (const struct timespec *)timeout;
		if (t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= 1000000000)
			return -EINVAL;
		deadline = uni_clock_ns() + (uint64_t)t->tv_sec * 1000000000ull + (uint64_t)t->tv_nsec;
	}
	for (;;) {
		int code, sig = uni_signal_take(want, &code);
		if (sig) {
			if (info) {
				siginfo_t *si = (siginfo_t *)info;
				memset(si, 0, sizeof *si);
				si->si_signo = sig;
				si->si_code = code;
				si->si_pid = 1;
			}
			return sig;
		}
		if (timeout && uni_clock_ns() >= deadline)
			return -EAGAIN;
		uint64_t saved = blocked;
		blocked &= ~want;
		int r = uni_sched_block(0, timeout ? deadline : 0);
		blocked = saved;
		if (r == -EINTR && !(pending & want))
			return -EINTR;   /* another signal, whose handler the dispatcher runs */
	}
}

/* Reached only from foreign code: __restore_rt calls uni_sigreturn directly. */
long sys_rt_sigreturn(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	uni_log("rt_sigreturn called without a signal frame from __restore_rt");
	uni_exit(139);
}
