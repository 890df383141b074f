/* SMP checks, one per argument: 'speed T W' (T threads share W units of CPU-bound work;
 * prints the wall time), 'placement' (2 busy threads run on 2 CPUs), 'signal' (a signal
 * reaches a thread that spins on another CPU), 'shootdown' (mprotect takes effect on a CPU
 * that has the page in its TLB), 'crash' (a thread crashing on one CPU ends the VM while
 * another spins), 'costs' (mprotect and wake-up round trips, printed), 'info' (CPUs online
 * and, in an image, how long the runtime took to start the others). */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void *burn(void *arg)
{
	long n = *(long *)arg;
	volatile unsigned long x = 0;
	for (long i = 0; i < n; i++)
		x += (unsigned long)i * 2654435761u;
	return 0;
}

static int speed(int t, long work)
{
	pthread_t th[16];
	long per = work / t;
	double a = now_ms();
	for (int i = 0; i < t; i++)
		pthread_create(&th[i], 0, burn, &per);
	for (int i = 0; i < t; i++)
		pthread_join(th[i], 0);
	printf("speed: %d thread(s): %.0f ms\n", t, now_ms() - a);
	return 0;
}

static volatile int go, stop;
static int where[2];

static void *spin_where(void *arg)
{
	int *w = arg;
	while (!go)
		;
	double a = now_ms();
	while (now_ms() - a < 200)
		*w = sched_getcpu();
	return 0;
}

static int placement(void)
{
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], 0, spin_where, &where[i]);
	go = 1;
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], 0);
	printf("placement: %s\n", where[0] != where[1] ? "two CPUs" : "one CPU");
	return where[0] != where[1] ? 0 : 1;
}

static volatile int handled, spinning;

static void on_usr1(int s)
{
	(void)s;
	handled = sched_getcpu() + 1;
}

static void *sender(void *arg)
{
	(void)arg;
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &m, 0);   /* only the spinning main thread may take it */
	while (!spinning)
		sched_yield();
	kill(getpid(), SIGUSR1);
	return 0;
}

static int signal_other_cpu(void)
{
	signal(SIGUSR1, on_usr1);
	pthread_t th;
	pthread_create(&th, 0, sender, 0);
	spinning = 1;
	double a = now_ms();
	while (!handled && now_ms() - a < 5000)
		;
	pthread_join(th, 0);
	printf("signal: %s\n", handled ? "delivered to the spinning thread" : "not delivered");
	return handled ? 0 : 1;
}

static volatile char *page;
static volatile int phase, faulted, survived, reading;
static sigjmp_buf jb;

static void on_segv(int s)
{
	(void)s;
	faulted = 1;
	siglongjmp(jb, 1);
}

static void *reader(void *arg)
{
	(void)arg;
	volatile char sink = 0;
	if (sigsetjmp(jb, 1))
		return 0;
	while (!phase) {
		sink += page[0];   /* keeps the page in this CPU's TLB */
		reading = 1;
	}
	sink += page[0];   /* after mprotect(PROT_NONE) returned: must fault */
	survived = 1;
	return 0;
}

static int shootdown(void)
{
	page = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	page[0] = 1;
	struct sigaction sa = { .sa_handler = on_segv };
	sigaction(SIGSEGV, &sa, 0);
	pthread_t th;
	pthread_create(&th, 0, reader, 0);
	while (!reading)
		;
	struct timespec t = { 0, 20000000 };
	nanosleep(&t, 0);
	mprotect((void *)page, 4096, PROT_NONE);
	phase = 1;
	pthread_join(th, 0);
	printf("shootdown: %s\n", faulted && !survived ? "the other CPU faulted" : "stale mapping used");
	return faulted && !survived ? 0 : 1;
}

static void *crasher(void *arg)
{
	(void)arg;
	while (!spinning)
		;
	*(volatile int *)16 = 1;
	return 0;
}

static int crash(void)
{
	pthread_t th;
	pthread_create(&th, 0, crasher, 0);
	spinning = 1;
	for (;;)
		;
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int turn, rounds = 2000;

static void *pong(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	for (int i = 0; i < rounds; i++) {
		while (turn != 1)
			pthread_cond_wait(&cv, &mu);
		turn = 0;
		pthread_cond_signal(&cv);
	}
	pthread_mutex_unlock(&mu);
	return 0;
}

static double mprotect_us(char *p)
{
	int n = 200;
	double a = now_ms();
	for (int i = 0; i < n; i++) {
		mprotect(p, 4096, PROT_READ);
		mprotect(p, 4096, PROT_READ | PROT_WRITE);
	}
	return (now_ms() - a) * 1000 / (2 * n);
}

static void *spin_until_stop(void *arg)
{
	(void)arg;
	spinning = 1;
	while (!stop)
		;
	return 0;
}

static int costs(void)
{
	char *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;
	printf("costs: mprotect %.1f us\n", mprotect_us(p));
	pthread_t sp;
	pthread_create(&sp, 0, spin_until_stop, 0);
	while (!spinning)
		;
	printf("costs: mprotect while another thread runs %.1f us\n", mprotect_us(p));
	stop = 1;
	pthread_join(sp, 0);
	pthread_t th;
	pthread_create(&th, 0, pong, 0);
	double a = now_ms();
	pthread_mutex_lock(&mu);
	for (int i = 0; i < rounds; i++) {
		turn = 1;
		pthread_cond_signal(&cv);
		while (turn != 0)
			pthread_cond_wait(&cv, &mu);
	}
	pthread_mutex_unlock(&mu);
	pthread_join(th, 0);
	printf("costs: condvar round trip %.1f us\n", (now_ms() - a) * 1000 / rounds);
	return 0;
}

/* The runtime's own figures, in an image only. */
extern int uni_ncpus __attribute__((weak));
extern unsigned long uni_smp_bringup_ns __attribute__((weak));

static int info(void)
{
	printf("info: %ld CPUs online\n", sysconf(_SC_NPROCESSORS_ONLN));
	if (&uni_smp_bringup_ns)
		printf("info: the runtime runs on %d CPUs, started in %.2f ms\n", uni_ncpus, uni_smp_bringup_ns / 1e6);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, 0, _IONBF, 0);
	const char *m = argc > 1 ? argv[1] : "";
	if (!strcmp(m, "speed") && argc == 4)
		return speed(atoi(argv[2]), atol(argv[3]));
	if (!strcmp(m, "placement"))
		return placement();
	if (!strcmp(m, "signal"))
		return signal_other_cpu();
	if (!strcmp(m, "shootdown"))
		return shootdown();
	if (!strcmp(m, "crash"))
		return crash();
	if (!strcmp(m, "costs"))
		return costs();
	if (!strcmp(m, "info"))
		return info();
	fprintf(stderr, "usage: smp speed T W | placement | signal | shootdown | crash | costs | info\n");
	return 2;
}
