/* wallclock-probe.c: the host side of tests/kernel/wallclock.test. Runs "uni-run ARGS..." with
 * tests/kernel/wallclock.c as the image, and for each sample sends a byte at host time h0 and
 * reads back the guest's CLOCK_REALTIME g at host time h1: the guest read its clock between h0
 * and h1, so its offset from the host is g - (h0 + h1) / 2, within (h1 - h0) / 2. Usage:
 * wallclock-probe SAMPLES PAUSE_S uni-run ARGS...: SAMPLES at boot, then again after PAUSE_S
 * seconds; prints the median offset and median half round trip of each phase, in ms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "../lib/piped_child.h"

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return v[n / 2];
}

static void phase(const char *name, int n, FILE *to, FILE *from)
{
	double off[64], half[64];
	char line[64];
	for (int i = 0; i < n; i++) {
		long long h0 = now_ns();
		if (fputc('x', to) == EOF || fflush(to) || !fgets(line, sizeof line, from)) {
			fprintf(stderr, "wallclock-probe: the guest stopped answering (sample %d of %s)\n", i, name);
			exit(1);
		}
		long long h1 = now_ns(), g = atoll(line);
		off[i] = (g - (h0 + h1) / 2) / 1e6;
		half[i] = (h1 - h0) / 2e6;
	}
	printf("%s: median offset %.3f ms (guest minus host), median uncertainty +-%.3f ms\n",
	       name, median(off, n), median(half, n));
}

int main(int argc, char **argv)
{
	if (argc < 4 || atoi(argv[1]) < 1 || atoi(argv[1]) > 64) {
		fprintf(stderr, "usage: wallclock-probe SAMPLES(1-64) PAUSE_S uni-run ARGS...\n");
		return 2;
	}
	FILE *to, *from;
	if (piped_child(argv + 3, "wallclock-probe", &to, &from))
		return 1;
	char line[64];
	if (!fgets(line, sizeof line, from) || strcmp(line, "ready\n")) {
		fprintf(stderr, "wallclock-probe: the image did not start\n");
		return 1;
	}
	int n = atoi(argv[1]);
	phase("at boot", n, to, from);
	if (atoi(argv[2]) > 0) {
		sleep((unsigned)atoi(argv[2]));
		char label[32];
		snprintf(label, sizeof label, "after %d s", atoi(argv[2]));
		phase(label, n, to, from);
	}
	fclose(to);
	while (fgets(line, sizeof line, from))
		;
	return 0;
}
