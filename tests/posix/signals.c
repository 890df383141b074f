/* Signal handlers for hardware faults: SIGSEGV with siginfo and ucontext, siglongjmp out
 * of a handler, SIGFPE, a handler that repairs the context and returns, raise(), and the
 * vector state after handlers. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
static sigjmp_buf jb;
static volatile int hits;
static void on_segv(int sig, siginfo_t *si, void *ctx) {
	ucontext_t *uc = ctx;
	hits++;
	printf("caught %d code %d addr %p rip-nonzero %d\n", sig, si->si_code, si->si_addr, uc->uc_mcontext.gregs[REG_RIP] != 0);
	siglongjmp(jb, 1);
}
static volatile int fpe_fixed;
static void on_fpe(int sig) { (void)sig; fpe_fixed++; siglongjmp(jb, 2); }
static int resume_count;
static volatile int *volatile target;
static int cell;
static void on_segv_fix(int sig, siginfo_t *si, void *ctx) {
	(void)sig; (void)si; ucontext_t *uc = ctx;
	/* fix the pointer register and return: the faulting instruction re-executes */
	for (int r = 0; r < 16; r++) if (uc->uc_mcontext.gregs[r] == 0x10) uc->uc_mcontext.gregs[r] = (long)&cell;
	resume_count++;
}
static volatile int usr1;
static void on_usr1(int sig) { usr1 = sig; }
int main(void) {
	struct sigaction sa; memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv; sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, 0);
	for (int i = 0; i < 3; i++)
		if (!sigsetjmp(jb, 1)) *(volatile int *)0x18 = 1;
	printf("hits %d\n", hits);
	signal(SIGFPE, on_fpe);
	volatile int z = 0, r = 0;
	if (sigsetjmp(jb, 1) == 0) r = 10 / z;
	printf("fpe %d r %d\n", fpe_fixed, r);
	sa.sa_sigaction = on_segv_fix; sigaction(SIGSEGV, &sa, 0);
	target = (volatile int *)0x10;
	*target = 42;
	printf("resumed %d cell %d\n", resume_count, cell);
	double d = 1.5; for (int i = 0; i < 3; i++) d *= 2.5;
	printf("fp after %.3f\n", d);
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	printf("usr1 %d\n", usr1);
	return 0;
}
