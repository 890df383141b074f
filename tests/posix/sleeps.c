/* The guest side of tests/posix/sleeps.test. "sleeps N": N nanosleeps of 50 ms, each measured
 * with CLOCK_MONOTONIC; prints on stdout how many ended early (the linux build prints 0 too;
 * how late they end depends on the host's load), on stderr each one's lateness, then the
 * minimum, median and worst and how many missed 2 ms. "sleeps serve", for tests/posix/sleeps-probe.c: for each line read
 * from stdin, "MS" sleeps MS ms and prints the lateness in ns, "t" prints the clock in ns at
 * once (CLOCK_MONOTONIC both). It waits for a line with poll(0) in a loop, never idling, so
 * the line is seen at once (an idle console read polls every millisecond). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ll + t.tv_nsec;
}

/* The lateness of one nanosleep of MS ms, in ns (negative: it ended early). */
static long long sleep_late(long ms)
{
	long long t0 = now_ns();
	nanosleep(&(struct timespec){ ms / 1000, ms % 1000 * 1000000 }, 0);
	return now_ns() - t0 - ms * 1000000ll;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

static int sleeps(int n)
{
	long long d[n];
	int off = 0, early = 0;
	for (int i = 0; i < n; i++) {
		d[i] = sleep_late(50);
		off += d[i] < 0 || d[i] > 2000000;
		early += d[i] < 0;
		fprintf(stderr, "sleep %d: %+lld us\n", i, d[i] / 1000);
	}
	qsort(d, (size_t)n, sizeof *d, cmp);
	printf("%d sleeps of 50 ms: %d early\n", n, early);
	fprintf(stderr, "late by: min %lld us, median %lld us, worst %lld us; %d off by more than 2 ms\n",
		d[0] / 1000, d[n / 2] / 1000, d[n - 1] / 1000, off);
	return 0;
}

/* One line from stdin, waited for without idling; 0 at end of file. */
static int read_line(char *buf, size_t size)
{
	struct pollfd p = { 0, POLLIN, 0 };
	size_t n = 0;
	while (n + 1 < size) {
		while (poll(&p, 1, 0) == 0)
			;
		if (read(0, buf + n, 1) != 1)
			return 0;
		if (buf[n++] == '\n')
			break;
	}
	buf[n] = '\0';
	return 1;
}

static int serve(void)
{
	char line[32];
	printf("ready\n");
	fflush(stdout);
	while (read_line(line, sizeof line)) {
		printf("%lld\n", line[0] == 't' ? now_ns() : sleep_late(atol(line)));
		fflush(stdout);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "serve") == 0)
		return serve();
	int n = argc > 1 ? atoi(argv[1]) : 20;
	return n > 0 ? sleeps(n) : 1;
}
