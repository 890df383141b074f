/* tsc.c: the host TSC frequency for uni.tsc_khz (calibrated once per host boot and cached),
 * the (CLOCK_REALTIME, TSC) pair of uni.wall and uni.wall_tsc, and the answer to the guest's
 * "clock" record. */
#include "run.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

static uint64_t mono_raw_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Reads the TSC between two clock readings and takes their midpoint, so a preemption
 * between the reads shows up as a wide bracket; the narrowest of a few tries wins. */
static void sample(uint64_t *tsc, uint64_t *ns)
{
	uint64_t best = UINT64_MAX;
	for (int i = 0; i < 5; i++) {
		uint64_t a = mono_raw_ns(), t = __rdtsc(), b = mono_raw_ns();
		if (b - a < best) {
			best = b - a;
			*tsc = t;
			*ns = a + (b - a) / 2;
		}
	}
}

static long calibrate(void)
{
	uint64_t t0, n0, t1, n1;
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	sample(&t0, &n0);
	nanosleep(&nap, NULL);
	sample(&t1, &n1);
	return (long)((t1 - t0) * 1000000 / (n1 - n0));
}

/* The cache is valid for one boot: the TSC rate can differ after a reboot or migration. */
static int read_boot_id(char *id, size_t n)
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "re");
	int ok = f && fgets(id, (int)n, f);
	if (f)
		fclose(f);
	if (ok)
		id[strcspn(id, "\n")] = '\0';
	return ok && *id;
}

static char *cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (xdg && *xdg == '/')
		return uni_strf("%s/uni", xdg);
	if (home && *home)
		return uni_strf("%s/.cache/uni", home);
	return NULL;
}

long tsc_khz(void)
{
	char id[64], line[128];
	long khz;
	char *dir = cache_dir();
	if (!dir || !read_boot_id(id, sizeof id))
		return calibrate();
	char *path = uni_strf("%s/tsc_khz", dir);
	FILE *f = fopen(path, "re");
	if (f) {
		char *sp;
		int hit = fgets(line, sizeof line, f) && (sp = strchr(line, ' ')) &&
			  (*sp = '\0', strcmp(line, id) == 0) && (khz = atol(sp + 1)) > 0;
		fclose(f);
		if (hit)
			return khz;
	}
	khz = calibrate();
	/* Best effort: an unwritable cache only costs the next run another 20 ms. Written to a
	 * temporary name and renamed, so a concurrent run never reads half a file. */
	char *parent = uni_strf("%.*s", (int)(strrchr(dir, '/') - dir), dir);
	mkdir(parent, 0700);
	mkdir(dir, 0700);
	char *tmp = uni_strf("%s.%d", path, (int)getpid());
	f = fopen(tmp, "we");
	if (f) {
		int ok = fprintf(f, "%s %ld\n", id, khz) > 0;
		if (fclose(f) == 0 && ok && rename(tmp, path) == 0)
			return khz;
		unlink(tmp);
	}
	return khz;
}

void wall_and_tsc(long long *wall_ns, uint64_t *tsc)
{
	/* The TSC read between two CLOCK_REALTIME readings; the narrowest bracket of a few. */
	uint64_t best = UINT64_MAX;
	for (int i = 0; i < 5; i++) {
		struct timespec a, b;
		clock_gettime(CLOCK_REALTIME, &a);
		uint64_t t = __rdtsc();
		clock_gettime(CLOCK_REALTIME, &b);
		long long na = a.tv_sec * 1000000000LL + a.tv_nsec, nb = b.tv_sec * 1000000000LL + b.tv_nsec;
		if ((uint64_t)(nb - na) < best) {
			best = (uint64_t)(nb - na);
			*wall_ns = na + (nb - na) / 2;
			*tsc = t;
		}
	}
}

void clock_answer(int fd)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	uint64_t ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	unsigned char le[8];
	for (int i = 0; i < 8; i++)
		le[i] = (unsigned char)(ns >> (8 * i));
	/* A failed write means QEMU is gone; its exit is handled elsewhere. */
	if (write(fd, le, sizeof le) < 0)
		return;
}
