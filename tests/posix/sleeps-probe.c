/* sleeps-probe.c: the host side of tests/posix/sleeps.test. Runs CMD ARGS... ("sleeps serve"
 * in an image or natively) and:
 * - in rounds, for each duration MS in turn, asks for a sleep of MS ms and reads back the
 *   guest's own measure of its lateness (its CLOCK_MONOTONIC). Host load can only add to a
 *   sleep, so the least late of each duration is the timer's own error. A duration has at
 *   least 3 sleeps, and more, up to ROUNDS, until one is within [0, BOUND_US / 2]: on a host
 *   so loaded that most wake-ups wait for a CPU, more tries find one that did not.
 * - Before and after those, asks for the guest's clock 50 times: a reading g taken between
 *   the host's h0 (request written) and h1 (answer read), both CLOCK_MONOTONIC, puts the
 *   guest's offset from the host at g - (h0 + h1) / 2, within (h1 - h0) / 2; the narrowest
 *   bracket of each phase wins, whatever the host's load did to the others. The two offsets
 *   give the guest clock's rate error over the run, within the sum of their brackets over the
 *   run's length: a guest clock that ran slow would make sleeps look right in the guest while
 *   they are long in real time.
 * The least late sleep of each duration, in real time, is its guest-clock lateness minus the
 * rate error times MS. Usage:
 *   sleeps-probe BOUND_US ROUNDS MS[,MS...] CMD ARGS...
 * prints, per duration, the number of sleeps, the guest-clock lateness (min, median), the
 * host's own measure (the fastest request-to-answer time minus MS, which also counts the
 * console's path) and the range of the real-time lateness of the least late sleep, in us. It
 * exits 1 unless, for every MS, the least late sleep is within [0, BOUND_US] in the guest's
 * clock and its real-time range is within [-BOUND_US, BOUND_US] and not wholly below 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "../lib/piped_child.h"

#define MIN_ROUNDS 3
#define MAX_ROUNDS 64
#define MAX_MS 8
#define SAMPLES 50   /* clock readings at each end */

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/* Sorts V and returns its median; V[0] is then the minimum. */
static long long median(long long *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return v[n / 2];
}

static long long least(const long long *v, int n)
{
	long long m = v[0];
	for (int i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return m;
}

static FILE *to, *from;

/* Sends REQUEST, returns the answer; *h0 and *h1 are the host's clock around the exchange. */
static long long ask(const char *request, long long *h0, long long *h1)
{
	char line[64];
	*h0 = now_ns();
	if (fprintf(to, "%s\n", request) < 0 || fflush(to) || !fgets(line, sizeof line, from)) {
		fprintf(stderr, "sleeps-probe: the guest stopped answering (request %s)\n", request);
		exit(1);
	}
	*h1 = now_ns();
	return atoll(line);
}

/* The guest clock's offset from the host's, from the narrowest of SAMPLES brackets: *at is
 * the host time of that sample, *half its uncertainty. */
static long long offset(long long *at, long long *half)
{
	long long off = 0;
	*half = -1;
	for (int i = 0; i < SAMPLES; i++) {
		long long h0, h1, g = ask("t", &h0, &h1);
		if (*half < 0 || (h1 - h0) / 2 < *half) {
			*half = (h1 - h0) / 2;
			*at = h0 + (h1 - h0) / 2;
			off = g - *at;
		}
	}
	return off;
}

/* Whether a duration whose N sleeps were GUEST is settled: it had MIN_ROUNDS and one was
 * within [0, BOUND_US / 2]. */
static int settled(const long long *guest, int n, long bound)
{
	int near = 0;
	for (int r = 0; r < n; r++)
		near |= guest[r] >= 0 && guest[r] <= bound * 500;
	return n >= MIN_ROUNDS && near;
}

int main(int argc, char **argv)
{
	int rounds = argc > 4 ? atoi(argv[2]) : 0, nms = 0;
	long bound = argc > 4 ? atol(argv[1]) : 0, ms[MAX_MS];
	for (char *s = argc > 4 ? argv[3] : ""; *s && nms < MAX_MS; s += strcspn(s, ","), s += *s == ',')
		ms[nms++] = atol(s);
	if (bound < 1 || rounds < MIN_ROUNDS || rounds > MAX_ROUNDS || nms < 1) {
		fprintf(stderr, "usage: sleeps-probe BOUND_US ROUNDS(%d-%d) MS[,MS...](up to %d) CMD ARGS...\n",
			MIN_ROUNDS, MAX_ROUNDS, MAX_MS);
		return 2;
	}
	char line[64];
	if (piped_child(argv + 4, "sleeps-probe", &to, &from) || !to || !from ||
	    !fgets(line, sizeof line, from) || strcmp(line, "ready\n")) {
		fprintf(stderr, "sleeps-probe: %s did not start\n", argv[4]);
		return 1;
	}
	long long at0, half0, off0 = offset(&at0, &half0);
	static long long host[MAX_MS][MAX_ROUNDS], guest[MAX_MS][MAX_ROUNDS];
	int n[MAX_MS] = { 0 };
	for (int r = 0, busy = 1; r < rounds && busy; r++) {
		busy = 0;
		for (int i = 0; i < nms; i++) {
			if (settled(guest[i], n[i], bound))
				continue;
			long long h0, h1;
			snprintf(line, sizeof line, "%ld", ms[i]);
			guest[i][n[i]] = ask(line, &h0, &h1);
			host[i][n[i]++] = h1 - h0 - ms[i] * 1000000LL;
			busy |= !settled(guest[i], n[i], bound);
		}
	}
	long long at1, half1, off1 = offset(&at1, &half1);
	fclose(to);
	while (fgets(line, sizeof line, from))
		;
	/* The rate error in parts per billion (ns per s), and its uncertainty. */
	double span = (double)(at1 - at0), rate = (off1 - off0) / span * 1e9, unc = (half0 + half1) / span * 1e9;
	printf("guest clock rate vs host: %+.1f ppm +- %.1f ppm over %.1f s (brackets +-%lld us, +-%lld us)\n",
	       rate / 1000, unc / 1000, span / 1e9, half0 / 1000, half1 / 1000);
	int bad = 0;
	for (int i = 0; i < nms; i++) {
		long long gm = median(guest[i], n[i]), g = guest[i][0], h = least(host[i], n[i]);
		/* A guest clock that gains (rate > 0) counts MS ms before MS ms have passed. */
		double lo = g - (rate + unc) * ms[i] / 1000, hi = g - (rate - unc) * ms[i] / 1000;
		printf("%ld ms x %d: late by, guest clock: min %lld us, median %lld us; host's request to answer: "
		       "min %lld us; least late in real time: %.0f to %.0f us\n",
		       ms[i], n[i], g / 1000, gm / 1000, h / 1000, lo / 1000, hi / 1000);
		if (g < 0 || g > bound * 1000) {
			printf("FAIL: %ld ms: the least late sleep is not within [0, %ld us] in the guest's clock\n",
			       ms[i], bound);
			bad = 1;
		}
		if (lo < -bound * 1000.0 || hi > bound * 1000.0) {
			printf("FAIL: %ld ms: the least late sleep is not within %ld us of the requested time in real time\n",
			       ms[i], bound);
			bad = 1;
		}
		if (hi < 0) {
			printf("FAIL: %ld ms: the sleeps end early in real time\n", ms[i]);
			bad = 1;
		}
	}
	return bad;
}
