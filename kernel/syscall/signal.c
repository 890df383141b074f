/* Signals within the one process: actions, per-thread masks, pending sets and alternate
 * stacks. A signal sent to the process (kill, timers) goes to any thread that does not block
 * it; one sent to a thread (tkill, tgkill: raise, pthread_kill, pthread_cancel) only to that
 * thread. Handlers run on a Linux-layout signal frame (core/sigframe.c) when the thread
 * leaves a syscall, at the timer interrupt, or when a preempted thread is resumed; a default
 * fatal action ends the VM with the crash report and status 128+n. Hardware faults reach
 * handlers through core/crash.c. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/signal.h"

static struct uni_sigaction actions[65];
/* Each thread has its own mask (musl's thread start and exit block signals in that thread
 * only). */
#define blocked (uni_current->sigmask)

struct uni_sigaction *uni_sigaction_of(int sig) { return &actions[sig]; }

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

/* The alternate stack is the calling thread's, as on Linux (a new thread has none). */
long sys_sigaltstack(long ss, long old, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct uni_thread *t = uni_current;
	uint64_t sp = (uint64_t)__builtin_frame_address(0);
	int on_alt = t->alt_size && sp >= t->alt_sp && sp < t->alt_sp + t->alt_size;
	if (old)
		*(stack_t *)old = (stack_t){ (void *)t->alt_sp, !t->alt_size ? SS_DISABLE : on_alt ? SS_ONSTACK : 0,
					     t->alt_size };
	if (ss) {
		const stack_t *n = (const void *)ss;
		if (n->ss_flags & ~SS_DISABLE)
			return -EINVAL;
		if (on_alt)
			return -EPERM;
		if (n->ss_flags & SS_DISABLE) {
			t->alt_sp = t->alt_size = 0;
			return 0;
		}
		if (n->ss_size < MINSIGSTKSZ)
			return -ENOMEM;
		t->alt_sp = (uint64_t)n->ss_sp;
		t->alt_size = n->ss_size;
	}
	return 0;
}

static uint64_t pending;            /* sent to the process */
static int pending_code[65];
static union sigval pending_value[65];   /* sigqueue's value; 0 for other senders */
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
	uni_signal_raise_value(sig, code, (union sigval){ 0 });
}

void uni_signal_raise_value(int sig, int code, union sigval value)
{
	if (ignored(sig))
		return;
	uni_preempt_disable();
	pending |= 1ull << (sig - 1);
	pending_code[sig] = code;
	pending_value[sig] = value;
	uni_wake(&uni_signal_wq);
	uni_sched_interrupt(sig);
	uni_preempt_enable();
}

static uint64_t ready_of(const struct uni_thread *t)
{
	return (__atomic_load_n(&pending, __ATOMIC_RELAXED) | t->sigpending) & ~t->sigmask;
}

int uni_signal_take(uint64_t set, int *code, union sigval *value)
{
	struct uni_thread *t = uni_current;
	uint64_t own = t->sigpending & set, any = own ? own : pending & set;
	if (!any)
		return 0;
	int sig = __builtin_ctzll(any) + 1;
	uint64_t bit = 1ull << (sig - 1);
	if (own) {
		t->sigpending &= ~bit;
		*code = t->sigq_code[sig];
		*value = t->sigq_value[sig];
	} else {
		pending &= ~bit;
		*code = pending_code[sig];
		*value = pending_value[sig];
	}
	return sig;
}

int uni_signal_pending_in(uint64_t set)
{
	return ((pending | uni_current->sigpending) & set) != 0;
}

int uni_signal_ready(void)
{
	return ready_of(uni_current) != 0;
}

/* The lowest signal t may take, its own before the process's (as Linux takes synchronous,
 * thread-directed signals first); 0 if none. With preemption disabled. */
static int take(struct uni_thread *t)
{
	uint64_t own = t->sigpending & ~t->sigmask, ready = own ? own : pending & ~t->sigmask;
	if (!ready)
		return 0;
	int sig = __builtin_ctzll(ready) + 1;
	uint64_t bit = 1ull << (sig - 1);
	if (own) {
		t->sigpending &= ~bit;
		t->sigcode = t->sigq_code[sig];
		t->sigvalue = t->sigq_value[sig];
	} else {
		pending &= ~bit;
		t->sigcode = pending_code[sig];
		t->sigvalue = pending_value[sig];
	}
	return sig;
}

int uni_signal_next(void)
{
	return take(uni_current);
}

static const char *default_why(int sig)
{
	return sig == SIGABRT ? "abort" : sig == SIGALRM ? "timer expired" : "signal";
}

/* A fatal signal's default action: the crash report, but a signal that came from outside
 * (core/hostsig.c) ends the program quietly with 128+N, as a killed Linux process. */
static _Noreturn void die_of(int sig, uint64_t rip, uint64_t rbp)
{
	if (__atomic_load_n(&uni_hostsig_sent, __ATOMIC_RELAXED) >> (sig - 1) & 1)
		uni_exit(128 + sig);
	uni_fatal_signal(sig, default_why(sig), rip, rbp);
}

extern char uni_cp_restart[], uni_cp_call[], __cp_end[], uni_syscall_restart[];

/* Program state interrupted between __syscall_cp_asm's push of a6 and its call is reported
 * as the state before the push (the handler's return redoes the push), so that musl's
 * cancel_handler, seeing a pc in [__cp_begin, __cp_end), sends it to __cp_cancel with the
 * wrapper's own stack: rsp = 8 mod 16 and the caller's return address at (%rsp), which
 * __cancel's tail jump needs. */
static void before_cp_push(struct uni_trap_frame *f)
{
	if (f->rip == (uint64_t)uni_cp_call) {
		f->rip = (uint64_t)uni_cp_restart;
		f->rsp += 8;
	}
}

_Noreturn void uni_signal_async(int sig, const struct uni_trap_frame *f, const void *xsave)
{
	if (actions[sig].handler == SIG_DFL)
		die_of(sig, f->rip, f->rbp);
	siginfo_t si = { .si_signo = sig, .si_code = uni_current->sigcode, .si_value = uni_current->sigvalue };
	struct uni_trap_frame g = *f;
	before_cp_push(&g);
	uni_signal_enter(sig, &si, &g, xsave);
}

/* Makes t's saved frame the entry of sig's handler, on a signal frame. */
static void deliver_on_frame(struct uni_thread *t, int sig)
{
	siginfo_t si = { .si_signo = sig, .si_code = t->sigcode, .si_value = t->sigvalue };
	struct uni_trap_frame g = t->frame, h;
	before_cp_push(&g);
	uni_signal_frame(t, sig, &si, &g, t->xsave, t->sigmask, &h);
	t->frame = h;   /* the vector state to resume with stays t->xsave: the same contents */
}

/* A thread preempted in program code takes a signal sent to it when it is resumed: its
 * saved state becomes the handler's entry on a signal frame. Called with the lock of the run
 * queue it waits in (uni_sched_hold_preempted: c), which keeps it there; drops it. */
static void deliver_to_preempted(struct uni_thread *t, struct uni_cpu *c)
{
	int sig;
	while ((sig = take(t)) && ignored(sig))
		;
	if (sig && actions[sig].handler == SIG_DFL) {
		uint64_t rip = t->frame.rip, rbp = t->frame.rbp;
		uni_sched_release(c);   /* the crash report may wait for the console */
		die_of(sig, rip, rbp);
	}
	if (sig)
		deliver_on_frame(t, sig);
	uni_sched_release(c);
}

/* A signal to one thread (tkill, tgkill; rt_tgsigqueueinfo with its code and value). */
static void raise_thread(struct uni_thread *t, int sig, int code, union sigval value)
{
	if (ignored(sig))
		return;
	uint64_t bit = 1ull << (sig - 1);
	t->sigpending |= bit;
	t->sigq_code[sig] = code;
	t->sigq_value[sig] = value;
	uni_wake(&uni_signal_wq);
	if (t->sigmask & bit)
		return;
	struct uni_cpu *held = uni_sched_hold_preempted(t);
	if (held)
		deliver_to_preempted(t, held);
	else if (t != uni_current)
		uni_sched_interrupt_thread(t);
}

/* Calls Linux restarts after a handler installed with SA_RESTART (signal(7)); the waits
 * with a timeout (poll, select, epoll, nanosleep) return EINTR whatever the flag. */
static int restartable(long n)
{
	switch (n) {
	case SYS_read: case SYS_readv: case SYS_pread64: case SYS_preadv:
	case SYS_write: case SYS_writev: case SYS_pwrite64: case SYS_pwritev:
	case SYS_open: case SYS_openat: case SYS_ioctl: case SYS_flock: case SYS_fcntl:
	case SYS_wait4:
	case SYS_accept: case SYS_accept4: case SYS_recvfrom: case SYS_recvmsg:
	case SYS_sendto: case SYS_sendmsg:
		return 1;
	default:
		return 0;
	}
}

void uni_signal_on_return(uint64_t *ret_slot, long n, long a, long b, long c, long d, long e, long f)
{
	extern char uni_syscall_signal_return[];
	struct uni_thread *t = uni_current;
	t->sysret.ret = *ret_slot;
	t->sysret.n = n;
	long args[6] = { a, b, c, d, e, f };
	memcpy(t->sysret.a, args, sizeof args);
	*ret_slot = (uint64_t)uni_syscall_signal_return;
}

/* From arch/x86_64/sigentry.S: f is the state right after the syscall returned (rip to be
 * filled in), xsave its vector state. Runs the first deliverable handler on a signal frame
 * whose return resumes f, or restarts the call (SA_RESTART); a default fatal action ends the
 * VM. With nothing left to deliver (another thread took a process signal), resumes f. */
_Noreturn void uni_signal_syscall_return(struct uni_trap_frame *f, void *xsave)
{
	struct uni_thread *t = uni_current;
	f->rip = t->sysret.ret;
	f->rflags = UNI_RFLAGS_USER | (uni_sched_irqs ? 0x200 : 0);
	uni_preempt_disable();
	uint64_t old_mask = t->restore_mask ? t->saved_mask : t->sigmask;
	t->restore_mask = 0;
	int sig;
	while ((sig = take(t)) && ignored(sig))
		;
	if (!sig) {
		t->sigmask = old_mask;
		uni_resume_frame(f, xsave);
	}
	struct uni_sigaction *a = &actions[sig];
	if (a->handler == SIG_DFL)
		die_of(sig, f->rip, f->rbp);
	if ((long)f->rax == -EINTR && (a->flags & SA_RESTART) && restartable(t->sysret.n)) {
		const long *x = t->sysret.a;
		f->rdi = (uint64_t)t->sysret.n;
		f->rsi = (uint64_t)x[0], f->rdx = (uint64_t)x[1], f->rcx = (uint64_t)x[2];
		f->r8 = (uint64_t)x[3], f->r9 = (uint64_t)x[4];
		if (f->rip == (uint64_t)__cp_end) {
			/* Back before __syscall_cp_asm's push of a6, inside [__cp_begin, __cp_end). */
			f->rip = (uint64_t)uni_cp_restart;
			f->rsp += 8;
		} else {
			f->rsp -= 8;
			*(uint64_t *)f->rsp = f->rip;
			f->rip = (uint64_t)uni_syscall_restart;
			f->rax = (uint64_t)x[5];
		}
	}
	siginfo_t si = { .si_signo = sig, .si_code = t->sigcode, .si_value = t->sigvalue };
	struct uni_trap_frame h;
	void *fpstate = uni_signal_frame(t, sig, &si, f, xsave, old_mask, &h);
	uni_resume_frame(&h, fpstate);
}

void uni_signal_restore_mask_on_return(uint64_t mask)
{
	struct uni_thread *t = uni_current;
	t->saved_mask = mask;
	t->restore_mask = 1;
}

/* A signal to this process: the handler runs before the call returns (the dispatcher
 * delivers pending signals on the way out), as Linux does for a signal sent to oneself. */
static long check_sig(long sig)
{
	return sig < 0 || sig > 64 ? -EINVAL : 0;
}

long sys_kill(long pid, long sig, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (pid != 1 && pid != 0 && pid != -1)
		return -ESRCH;
	if (check_sig(sig))
		return -EINVAL;
	if (sig)
		uni_signal_raise((int)sig, SI_USER);
	return 0;
}

static long send_to_thread(long tid, long sig, int code, union sigval value)
{
	if (check_sig(sig))
		return -EINVAL;
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all)
		if (t->tid == tid && !t->runtime) {
			if (sig)
				raise_thread(t, (int)sig, code, value);
			return 0;
		}
	return -ESRCH;
}

long sys_tkill(long tid, long sig, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return send_to_thread(tid, sig, SI_TKILL, (union sigval){ 0 });
}

long sys_tgkill(long tgid, long tid, long sig, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return tgid == 1 ? send_to_thread(tid, sig, SI_TKILL, (union sigval){ 0 }) : -ESRCH;
}

/* sigqueue (rt_sigqueueinfo) and its thread-directed form: the sender's si_code and value
 * reach SA_SIGINFO handlers, sigwaitinfo and signalfd. Only this process exists, and a process
 * may give itself any si_code, as Linux allows. */
long sys_rt_sigqueueinfo(long pid, long sig, long info, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (pid != 1 && pid != 0)
		return -ESRCH;
	if (check_sig(sig))
		return -EINVAL;
	const siginfo_t *si = (const siginfo_t *)info;
	if (sig)
		uni_signal_raise_value((int)sig, si->si_code, si->si_value);
	return 0;
}

long sys_rt_tgsigqueueinfo(long tgid, long tid, long sig, long info, long e, long f)
{
	(void)e, (void)f;
	if (tgid != 1)
		return -ESRCH;
	const siginfo_t *si = (const siginfo_t *)info;
	return send_to_thread(tid, sig, si->si_code, si->si_value);
}

long sys_rt_sigpending(long set, long size, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (size != 8)
		return -EINVAL;
	*(uint64_t *)set = (pending | uni_current->sigpending) & blocked;
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

/* The temporary mask holds until the handler has run: its frame's uc_sigmask is the old
 * mask, which sigreturn puts back. */
long sys_rt_sigsuspend(long set, long size, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (size != 8)
		return -EINVAL;
	uni_signal_restore_mask_on_return(blocked);
	blocked = *(const uint64_t *)set & ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
	return sys_pause(0, 0, 0, 0, 0, 0);
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
		int code;
		union sigval value;
		int sig = uni_signal_take(want, &code, &value);
		if (sig) {
			if (info) {
				siginfo_t *si = (siginfo_t *)info;
				memset(si, 0, sizeof *si);
				si->si_signo = sig;
				si->si_code = code;
				si->si_pid = 1;
				si->si_value = value;
			}
			return sig;
		}
		if (timeout && uni_clock_ns() >= deadline)
			return -EAGAIN;
		uint64_t saved = blocked;
		blocked &= ~want;
		int r = uni_sched_block(0, timeout ? deadline : 0);
		blocked = saved;
		if (r == -EINTR && !uni_signal_pending_in(want))
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
