/* fsscale: the in-memory filesystem and descriptor table at scale. In DIR (argv[1], default
 * /tmp/fsscale) with N files (argv[2], default 100000): creates them, stats each, opens all at
 * once (RLIMIT_NOFILE raised to fit), lists the directory, closes and unlinks them. Prints
 * "PHASE MS COUNT" per phase; the counts must match between builds. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double t0;
static void phase(const char *name, long count)
{
	double t = now_ms();
	printf("%s %.1f %ld\n", name, t - t0, count);
	fflush(stdout);
	t0 = t;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp/fsscale";
	long n = argc > 2 ? atol(argv[2]) : 100000, ok = 0;
	char path[256];
	struct rlimit r;
	getrlimit(RLIMIT_NOFILE, &r);
	r.rlim_cur = r.rlim_max = (rlim_t)n + 64;
	if (setrlimit(RLIMIT_NOFILE, &r))
		perror("fsscale: setrlimit RLIMIT_NOFILE");
	int *fds = calloc((size_t)n, sizeof *fds);
	if (!fds || (mkdir(dir, 0755) && access(dir, F_OK)))
		return 1;
	t0 = now_ms();
	for (long i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/f%ld", dir, i);
		int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
		ok += fd >= 0 && close(fd) == 0;
	}
	phase("create", ok);
	ok = 0;
	struct stat st;
	for (long i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/f%ld", dir, n - 1 - i);
		ok += stat(path, &st) == 0;
	}
	phase("stat", ok);
	ok = 0;
	for (long i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/f%ld", dir, i);
		ok += (fds[i] = open(path, O_RDONLY)) >= 0;
	}
	phase("open-all", ok);
	ok = 0;
	DIR *d = opendir(dir);
	for (struct dirent *e; d && (e = readdir(d));)
		ok += e->d_name[0] == 'f';
	if (d)
		closedir(d);
	phase("readdir", ok);
	ok = 0;
	for (long i = 0; i < n; i++)
		ok += fds[i] >= 0 && close(fds[i]) == 0;
	phase("close-all", ok);
	ok = 0;
	for (long i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/f%ld", dir, i);
		ok += unlink(path) == 0;
	}
	phase("unlink", ok);
	return 0;
}
