/* timeit: runs a command N times and prints each run's wall time in nanoseconds, one per line. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int runs, i, status, devnull;
	long long t0;
	pid_t pid;

	if (argc < 3 || (runs = atoi(argv[1])) < 1) {
		fputs("usage: timeit N COMMAND [ARG...]  (stdout of COMMAND is discarded; it must exit 0)\n", stderr);
		return 2;
	}
	devnull = open("/dev/null", O_RDWR);
	for (i = 0; i < runs; i++) {
		t0 = now_ns();
		pid = fork();
		if (pid < 0) {
			perror("timeit: fork");
			return 1;
		}
		if (pid == 0) {
			dup2(devnull, 0);
			dup2(devnull, 1);
			execvp(argv[2], argv + 2);
			perror("timeit: exec");
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0) {
			perror("timeit: waitpid");
			return 1;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "timeit: %s failed (status 0x%x)\n", argv[2], status);
			return 1;
		}
		printf("%lld\n", now_ns() - t0);
	}
	return 0;
}
