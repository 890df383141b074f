/* Asynchronous signals: setitimer during pure computation (delivered at the timer
 * interrupt), alarm cutting a nanosleep short with the time left, a periodic POSIX timer
 * with SA_SIGINFO and pause(), a blocked signal delivered when unblocked, and SIGALRM's
 * default action ending the program. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
static volatile int alarms, ticks, rt;
static void on_alarm(int s) { (void)s; alarms++; }
static void on_tick(int s) { (void)s; ticks++; }
static void on_rt(int s, siginfo_t *si, void *c) { (void)c; (void)s; rt += si->si_code == SI_TIMER; }
int main(void) {
	setvbuf(stdout, 0, _IONBF, 0);
	signal(SIGALRM, on_alarm);
	/* pure computation: the timer interrupt delivers */
	struct itimerval it = { {0, 0}, {0, 20000} };
	setitimer(ITIMER_REAL, &it, 0);
	volatile unsigned long spin = 0;
	while (!alarms) spin++;
	printf("alarm during computation: %d\n", alarms);
	/* a blocking sleep is interrupted */
	alarm(1); it.it_value.tv_usec = 30000; setitimer(ITIMER_REAL, &it, 0);
	struct timespec req = { 5, 0 }, rem = { 0, 0 };
	int r = nanosleep(&req, &rem);
	printf("nanosleep interrupted: %d, remaining > 4 s: %d, alarms %d\n", r, rem.tv_sec >= 4, alarms);
	/* periodic POSIX timer */
	struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_sigaction = on_rt; sa.sa_flags = SA_SIGINFO;
	sigaction(SIGRTMIN, &sa, 0);
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN };
	timer_t tid; timer_create(CLOCK_MONOTONIC, &ev, &tid);
	struct itimerspec its = { {0, 10000000}, {0, 10000000} };
	timer_settime(tid, 0, &its, 0);
	while (rt < 3) pause();
	timer_delete(tid);
	printf("posix timer fired >= 3: %d\n", rt >= 3);
	signal(SIGALRM, on_tick);
	sigset_t m; sigemptyset(&m); sigaddset(&m, SIGALRM); sigprocmask(SIG_BLOCK, &m, 0);
	raise(SIGALRM);
	printf("blocked: ticks %d\n", ticks);
	sigprocmask(SIG_UNBLOCK, &m, 0);
	printf("unblocked: ticks %d\n", ticks);
	signal(SIGALRM, SIG_DFL);
	alarm(1);
	for (;;) spin++;
}
