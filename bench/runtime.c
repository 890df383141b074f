/* runtime MODE [N]: one runtime cost, timed inside the program with clock_gettime, printed
 * as "MODE value=X UNIT". Modes: devnull (ns per 64-byte write to /dev/null), fileread (MB/s
 * reading a 64 MB file written first), thread (ns per pthread_create + join), futex (ns per
 * futex ping-pong round trip between two threads), speedup (N units of CPU-bound work on one
 * thread, then split over two: the ratio of the times; run it on 2 CPUs). */
#define _GNU_SOURCE
#include <fcntl.h>
/* musl has no <linux/futex.h>: Linux's values. */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void devnull(long n)
{
	int fd = open("/dev/null", O_WRONLY);
	char buf[64] = { 0 };
	if (fd < 0)
		die("/dev/null");
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (write(fd, buf, sizeof buf) != sizeof buf)
			die("write");
	printf("devnull value=%.1f ns_per_write\n", (now_ns() - t0) / n);
}

static void fileread(void)
{
	enum { MB = 1 << 20, SIZE = 64 * MB };
	char path[] = "/tmp/uni-bench-XXXXXX";
	int fd = mkstemp(path);
	static char buf[MB];
	if (fd < 0)
		die("mkstemp");
	memset(buf, 'x', sizeof buf);
	for (int i = 0; i < SIZE / MB; i++)
		if (write(fd, buf, MB) != MB)
			die("write");
	lseek(fd, 0, SEEK_SET);
	uint64_t sum = 0;
	double t0 = now_ns();
	ssize_t r;
	while ((r = read(fd, buf, sizeof buf)) > 0)
		sum += (unsigned char)buf[r - 1];
	double t = now_ns() - t0;
	close(fd);
	unlink(path);
	printf("fileread value=%.1f MB_per_s (check %llu)\n", SIZE / (double)MB / (t / 1e9), (unsigned long long)sum);
}

static void *nothing(void *a) { return a; }

static void threads(long n)
{
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		pthread_t t;
		if (pthread_create(&t, 0, nothing, 0))
			die("pthread_create");
		pthread_join(t, 0);
	}
	printf("thread value=%.1f ns_per_create_join\n", (now_ns() - t0) / n);
}

static uint32_t word;   /* 0: main's turn, 1: the other thread's */
static long rounds;

static void futex_wait(uint32_t v) { syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, v, 0, 0, 0); }
static void futex_wake(void) { syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0); }

static void *ponger(void *a)
{
	(void)a;
	for (long i = 0; i < rounds; i++) {
		while (__atomic_load_n(&word, __ATOMIC_ACQUIRE) != 1)
			futex_wait(0);
		__atomic_store_n(&word, 0, __ATOMIC_RELEASE);
		futex_wake();
	}
	return 0;
}

static void futex_pingpong(long n)
{
	pthread_t other;
	rounds = n;
	pthread_create(&other, 0, ponger, 0);
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		__atomic_store_n(&word, 1, __ATOMIC_RELEASE);
		futex_wake();
		while (__atomic_load_n(&word, __ATOMIC_ACQUIRE) != 0)
			futex_wait(1);
	}
	double t = now_ns() - t0;
	pthread_join(other, 0);
	printf("futex value=%.1f ns_per_round_trip\n", t / n);
}

static void *burn(void *arg)
{
	long n = *(long *)arg;
	volatile unsigned long x = 0;
	for (long i = 0; i < n; i++)
		x += (unsigned long)i * 2654435761u;
	return 0;
}

static double burn_on(int threads, long n)
{
	pthread_t t[2];
	long per = n / threads;
	double t0 = now_ns();
	for (int i = 0; i < threads; i++)
		pthread_create(&t[i], 0, burn, &per);
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], 0);
	return now_ns() - t0;
}

static void speedup(long n)
{
	double one = burn_on(1, n), two = burn_on(2, n);
	printf("speedup value=%.2f (1 thread %.0f ms, 2 threads %.0f ms)\n", one / two, one / 1e6, two / 1e6);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	long n = argc > 2 ? strtol(argv[2], 0, 10) : 10000;
	if (!strcmp(mode, "devnull"))
		devnull(n);
	else if (!strcmp(mode, "fileread"))
		fileread();
	else if (!strcmp(mode, "thread"))
		threads(n);
	else if (!strcmp(mode, "futex"))
		futex_pingpong(n);
	else if (!strcmp(mode, "speedup"))
		speedup(n);
	else {
		fprintf(stderr, "usage: runtime devnull|fileread|thread|futex|speedup [N]\n");
		return 2;
	}
	return 0;
}
