/* syscall: the cost of one system call: N getppid calls (default 1e6) timed inside the program
 * with clock_gettime; prints "syscall getppid n=N ns_per_call=X". */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
	long sum = 0;
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		sum += syscall(SYS_getppid); /* not getppid(): nothing may cache it */
	double t = now_ns() - t0;
	printf("syscall getppid n=%ld ns_per_call=%.1f (sum %ld)\n", n, n > 0 ? t / n : 0.0, sum);
	return 0;
}
