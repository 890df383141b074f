/* Process-model calls in an image: fork, posix_spawn, system and popen fail with the errno
 * Linux uses when it cannot create a process; wait finds no child; limits, times, rusage
 * and affinity give sensible values; prctl names threads and keeps the process flags. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* A new thread starts with its creator's name and renames only itself. */
static void *named_thread(void *arg)
{
	char name[16];
	prctl(PR_GET_NAME, name);
	printf("thread starts as: %s\n", name);
	pthread_setname_np(pthread_self(), "worker");
	prctl(PR_GET_NAME, name);
	printf("thread renamed: %s\n", name);
	return arg;
}

static void check_prctl(const char *argv0)
{
	char name[16];
	prctl(PR_GET_NAME, name);
	const char *slash = strrchr(argv0, '/');
	printf("main name is the file name: %d\n", strncmp(name, slash ? slash + 1 : argv0, 15) == 0);
	prctl(PR_SET_NAME, "a-name-longer-than-fifteen");
	prctl(PR_GET_NAME, name);
	printf("main renamed: %s\n", name);
	pthread_t t;
	pthread_create(&t, 0, named_thread, 0);
	pthread_join(t, 0);
	prctl(PR_GET_NAME, name);
	printf("main keeps: %s\n", name);
	printf("dumpable: %d\n", prctl(PR_GET_DUMPABLE));
	printf("no_new_privs: %d", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	printf(" %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	errno = 0;
	int r = prctl(0x7ffe);
	printf("unknown option: %d %s\n", r, strerror(errno));
}

int main(int argc, char **argv)
{
	(void)argc;
	pid_t p = fork();
	int e = errno;
	printf("fork: %d %s\n", p, strerror(e));
	char *spawn_argv[] = { "true", 0 };
	int r = posix_spawn(&p, "/bin/true", 0, 0, spawn_argv, environ);
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
	check_prctl(argv[0]);
	return 0;
}
