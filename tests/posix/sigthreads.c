/* Signals and threads together: pthread_cancel of threads blocked in cancellation points and
 * of a busy thread (asynchronous, its cleanup handler on an aligned stack), signals aimed at
 * one thread (pthread_kill) or at the process, per-thread alternate stacks, raise from a
 * thread at its very start, and the ucontext a handler gets. Prints lines the linux build must print the same. */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static int pipefd[2];
static sem_t sem;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static volatile int started;

static void *block_read(void *a) { (void)a; char c; started = 1; read(pipefd[0], &c, 1); return (void *)1; }
static void *block_sem(void *a) { (void)a; started = 1; sem_wait(&sem); return (void *)1; }
static void *block_sleep(void *a) { (void)a; started = 1; sleep(100); return (void *)1; }
static void *block_cond(void *a)
{
	(void)a;
	pthread_mutex_lock(&mu);
	started = 1;
	for (;;)
		pthread_cond_wait(&cv, &mu);
	return (void *)1;
}
static void unlock_mu(void *a) { (void)a; pthread_mutex_unlock(&mu); }
static void *block_cond_cleanup(void *a)
{
	void *r;
	pthread_cleanup_push(unlock_mu, 0);
	r = block_cond(a);
	pthread_cleanup_pop(0);
	return r;
}
/* The cleanup handler of an asynchronously canceled thread must run on a stack aligned as
 * the ABI says (rsp = 8 mod 16 at a function's entry, so its frame pointer is 0 mod 16), not
 * on whatever the interrupted code's rsp was: musl 1.2.3 resumed that rsp (packages/musl
 * patch 0003). */
static volatile int async_cleanup_aligned = -1;
static void check_alignment(void *a)
{
	(void)a;
	async_cleanup_aligned = ((uintptr_t)__builtin_frame_address(0) & 15) == 0;
}
static void *busy_async(void *a)
{
	(void)a;
	pthread_cleanup_push(check_alignment, 0);
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, 0);
	started = 1;
	for (volatile unsigned long i = 0;; i++)
		;
	pthread_cleanup_pop(0);
	return (void *)1;
}

static void cancel_one(const char *name, void *(*fn)(void *))
{
	pthread_t t;
	void *res;
	started = 0;
	pthread_create(&t, 0, fn, 0);
	while (!started)
		sched_yield();
	usleep(20000);   /* let it block */
	pthread_cancel(t);
	pthread_join(t, &res);
	printf("cancel %s: %s\n", name, res == PTHREAD_CANCELED ? "canceled" : "returned");
}

static volatile pid_t handled_on, target_tid;
static volatile int got;
static void on_usr1(int sig) { (void)sig; handled_on = (pid_t)syscall(SYS_gettid); got = 1; }

static void *wait_signal(void *a)
{
	(void)a;
	target_tid = (pid_t)syscall(SYS_gettid);
	while (!got)
		usleep(1000);
	return 0;
}

static void *wait_signal_busy(void *a)
{
	(void)a;
	target_tid = (pid_t)syscall(SYS_gettid);
	while (!got)
		;
	return 0;
}

static char alt_a[65536];
static volatile uintptr_t handler_sp;
static void on_usr2(int sig) { (void)sig; volatile char here; handler_sp = (uintptr_t)&here; }
static int on_alt(uintptr_t sp) { return sp >= (uintptr_t)alt_a && sp < (uintptr_t)alt_a + sizeof alt_a; }

static void *with_altstack(void *a)
{
	(void)a;
	stack_t ss = { .ss_sp = alt_a, .ss_size = sizeof alt_a };
	sigaltstack(&ss, 0);
	raise(SIGUSR2);
	printf("thread with sigaltstack: handler on it: %s\n", on_alt(handler_sp) ? "yes" : "no");
	return 0;
}

static void *without_altstack(void *a)
{
	(void)a;
	stack_t old;
	sigaltstack(0, &old);
	printf("new thread's sigaltstack: %s\n", old.ss_flags & SS_DISABLE ? "disabled" : "enabled");
	raise(SIGUSR2);
	printf("thread without sigaltstack: handler on the other's: %s\n", on_alt(handler_sp) ? "yes" : "no");
	return 0;
}

static volatile int early_fail;
static void on_usr1_count(int sig) { (void)sig; }
static void *raise_at_once(void *a)
{
	(void)a;
	if (raise(SIGUSR1) != 0)
		__atomic_fetch_add(&early_fail, 1, __ATOMIC_RELAXED);
	return 0;
}

static volatile int uc_ok;
static void on_info(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	(void)sig;
	uc_ok = uc && si->si_code == SI_TKILL && uc->uc_mcontext.gregs[REG_RIP] != 0 &&
		uc->uc_mcontext.gregs[REG_RSP] != 0 && uc->uc_mcontext.fpregs;
}

int main(void)
{
	setvbuf(stdout, 0, _IONBF, 0);
	pipe(pipefd);
	sem_init(&sem, 0, 0);
	cancel_one("read", block_read);
	cancel_one("sem_wait", block_sem);
	cancel_one("sleep", block_sleep);
	cancel_one("pthread_cond_wait", block_cond_cleanup);
	cancel_one("asynchronous", busy_async);
	printf("asynchronous cancel: cleanup handler on an aligned stack: %s\n",
	       async_cleanup_aligned == 1 ? "yes" : async_cleanup_aligned == 0 ? "no" : "did not run");

	struct sigaction sa = { .sa_handler = on_usr1 };
	sigaction(SIGUSR1, &sa, 0);
	void *(*waiters[])(void *) = { wait_signal, wait_signal_busy };
	for (int i = 0; i < 2; i++) {
		pthread_t t;
		got = 0, target_tid = 0, handled_on = 0;
		pthread_create(&t, 0, waiters[i], 0);
		while (!target_tid)
			sched_yield();
		pthread_kill(t, SIGUSR1);
		pthread_join(t, 0);
		printf("pthread_kill to a %s thread: handler ran on it: %s\n", i ? "busy" : "sleeping",
		       handled_on == target_tid ? "yes" : "no");
	}

	/* A process signal that the main thread blocks goes to the thread that does not. */
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	pthread_t t;
	got = 0, target_tid = 0, handled_on = 0;
	pthread_create(&t, 0, wait_signal, 0);
	while (!target_tid)
		sched_yield();
	pthread_sigmask(SIG_BLOCK, &usr1, 0);
	kill(getpid(), SIGUSR1);
	pthread_join(t, 0);
	pthread_sigmask(SIG_UNBLOCK, &usr1, 0);
	printf("kill with SIGUSR1 blocked in main: handled by the other thread: %s\n",
	       handled_on == target_tid ? "yes" : "no");

	struct sigaction sa2 = { .sa_handler = on_usr2, .sa_flags = SA_ONSTACK };
	sigaction(SIGUSR2, &sa2, 0);
	pthread_create(&t, 0, with_altstack, 0);
	pthread_join(t, 0);
	pthread_create(&t, 0, without_altstack, 0);
	pthread_join(t, 0);
	raise(SIGUSR2);
	printf("main thread (no sigaltstack): handler on the thread's: %s\n", on_alt(handler_sp) ? "yes" : "no");

	struct sigaction sa3 = { .sa_handler = on_usr1_count };
	sigaction(SIGUSR1, &sa3, 0);
	for (int round = 0; round < 10; round++) {
		pthread_t ts[20];
		for (int i = 0; i < 20; i++)
			pthread_create(&ts[i], 0, raise_at_once, 0);
		for (int i = 0; i < 20; i++)
			pthread_join(ts[i], 0);
	}
	printf("raise at a thread's start, 200 threads: %d failed\n", early_fail);

	struct sigaction sa4 = { .sa_sigaction = on_info, .sa_flags = SA_SIGINFO };
	sigaction(SIGUSR1, &sa4, 0);
	raise(SIGUSR1);
	printf("SA_SIGINFO handler after raise: ucontext with rip, rsp, fpregs: %s\n", uc_ok ? "yes" : "no");
	return 0;
}
