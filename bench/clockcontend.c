/* clockcontend: THREADS threads (argv[1], default 1) each call clock_gettime N times (argv[2],
 * default 1e6) at once; prints "clock_gettime threads=T ns_per_call=X", X being the elapsed
 * time over N: what one call costs a thread while the others call too. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long n;

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void *run(void *arg)
{
	struct timespec t;
	long odd = 0;
	for (long i = 0; i < n; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		odd += t.tv_nsec & 1;
	}
	return (void *)odd;
}

int main(int argc, char **argv)
{
	int threads = argc > 1 ? atoi(argv[1]) : 1;
	n = argc > 2 ? atol(argv[2]) : 1000000;
	if (threads < 1 || threads > 16)
		return 2;
	pthread_t t[16];
	double t0 = now_ns();
	for (int i = 0; i < threads; i++)
		if (pthread_create(&t[i], 0, run, 0))
			return 1;
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], 0);
	printf("clock_gettime threads=%d ns_per_call=%.1f\n", threads, (now_ns() - t0) / n);
	return 0;
}
