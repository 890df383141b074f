/* sleeps N: N nanosleeps of 50 ms, each measured with CLOCK_MONOTONIC. Prints on stdout how
 * many ended early or 50 ms or more late (a timer calibrated 2x off or worse; the linux
 * build prints 0 too), on stderr each error, how many missed 2 ms and the worst. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ll + t.tv_nsec;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20, off = 0, wrong = 0;
	long long worst = 0;
	for (int i = 0; i < n; i++) {
		long long t0 = now_ns();
		nanosleep(&(struct timespec){ 0, 50000000 }, 0);
		long long d = now_ns() - t0 - 50000000;
		if (d < 0 || d > 2000000)
			off++;
		if (d < 0 || d >= 50000000)
			wrong++;
		if (d > worst || -d > worst)
			worst = d < 0 ? -d : d;
		fprintf(stderr, "sleep %d: %+lld us\n", i, d / 1000);
	}
	printf("%d sleeps of 50 ms: %d early or 50 ms late\n", n, wrong);
	fprintf(stderr, "%d off by more than 2 ms, worst: %lld us\n", off, worst / 1000);
	return 0;
}
