/* Asynchronous signals: setitimer during pure computation (delivered at the timer
 * interrupt), alarm cutting a nanosleep short with the time left, a periodic POSIX timer
 * with SA_SIGINFO and pause(), a blocked signal delivered when unblocked, and SIGALRM's
 * default action ending the program. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
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
static void *late_writer(void *arg)
{
	struct timespec t = { 0, 80000000 };
	nanosleep(&t, 0);
	write(*(int *)arg, "x", 1);
	return 0;
}
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
	/* A read interrupted by a handler: restarted with SA_RESTART, EINTR without. */
	for (int restart = 1; restart >= 0; restart--) {
		struct sigaction ra;
		memset(&ra, 0, sizeof ra);
		ra.sa_handler = on_alarm;
		ra.sa_flags = restart ? SA_RESTART : 0;
		sigaction(SIGALRM, &ra, 0);
		int p[2];
		pipe(p);
		pthread_t w;
		pthread_create(&w, 0, late_writer, &p[1]);
		struct itimerval once = { { 0, 0 }, { 0, 20000 } };
		setitimer(ITIMER_REAL, &once, 0);
		char c = 0;
		ssize_t n = read(p[0], &c, 1);
		int e = errno;
		pthread_join(w, 0);
		printf("read with%s SA_RESTART: %zd %s\n", restart ? "" : "out", n, n < 0 ? strerror(e) : (c == 'x' ? "data" : "?"));
		close(p[0]);
		close(p[1]);
	}
	signal(SIGALRM, SIG_DFL);
	alarm(1);
	for (;;) spin++;
}
