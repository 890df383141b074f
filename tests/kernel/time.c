/* Clocks advance, nanosleep sleeps at least as long as asked, and the wall clock is today. */
#include <stdio.h>
#include <time.h>
#include <sys/time.h>

static double now(clockid_t c)
{
	struct timespec t;
	clock_gettime(c, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(void)
{
	double m0 = now(CLOCK_MONOTONIC);
	struct timespec req = { 0, 50 * 1000 * 1000 };
	nanosleep(&req, 0);
	double slept = now(CLOCK_MONOTONIC) - m0;
	printf("slept %s\n", slept >= 0.050 && slept < 2.0 ? "ok" : "WRONG");
	if (slept < 0.050 || slept >= 2.0)
		printf("  measured %.3f s for 0.050 s\n", slept);
	struct timeval tv;
	gettimeofday(&tv, 0);
	printf("wall %ld\n", (long)tv.tv_sec);
	double a = now(CLOCK_MONOTONIC), b = now(CLOCK_MONOTONIC);
	printf("monotonic %s\n", b >= a ? "ok" : "WRONG");
	return 0;
}
