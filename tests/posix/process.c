/* Process-model calls in an image: fork, posix_spawn, system and popen fail with the errno
 * Linux uses when it cannot create a process; wait finds no child; limits, times, rusage
 * and affinity give sensible values. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(void)
{
	pid_t p = fork();
	int e = errno;
	printf("fork: %d %s\n", p, strerror(e));
	char *argv[] = { "true", 0 };
	int r = posix_spawn(&p, "/bin/true", 0, 0, argv, environ);
	printf("posix_spawn: %s\n", strerror(r));
	printf("system: %d\n", system("true"));
	errno = 0;
	FILE *f = popen("true", "r");
	e = errno;
	printf("popen: %s %s\n", f ? "opened" : "failed", strerror(e));
	p = wait(0);
	e = errno;
	printf("wait: %d %s\n", p, strerror(e));
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	printf("RLIMIT_NOFILE %llu\n", (unsigned long long)rl.rlim_cur);
	getrlimit(RLIMIT_STACK, &rl);
	printf("RLIMIT_STACK >= 256 KiB: %d\n", rl.rlim_cur >= 262144);
	struct tms t;
	printf("times: %d\n", times(&t) >= 0);
	struct rusage u;
	int ru = getrusage(RUSAGE_SELF, &u);
	printf("getrusage: %d maxrss > 0: %d\n", ru, u.ru_maxrss > 0);
	cpu_set_t s;
	CPU_ZERO(&s);
	CPU_SET(0, &s);
	printf("sched_setaffinity: %d\n", sched_setaffinity(0, sizeof s, &s));
	printf("cpus online: %ld\n", sysconf(_SC_NPROCESSORS_ONLN));
	return 0;
}
