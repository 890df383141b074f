/* sandbox.c: what a program in a process-platform image can reach of the host. Every syscall
 * instruction here is the program's own (inline asm, as code not built against our libc would
 * have): the runtime must answer it, never the host kernel. Prints one line per attempt; the
 * test compares them with what the host saw. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long raw(long n, long a, long b, long c)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}

/* The runtime's host-call stub, which the filter lets through only for the calls it makes. */
long uni_host_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6);

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: sandbox HOSTFILE HOSTPID PORT [stub]\n");
		return 2;
	}
	const char *file = argv[1];
	long pid = atol(argv[2]), port = atol(argv[3]);
	printf("open host file: %ld\n", raw(2 /* open */, (long)file, 0, 0));
	printf("openat host file: %ld\n", raw(257 /* openat */, -100, (long)file, 0));
	printf("kill host process: %ld\n", raw(62 /* kill */, pid, 15, 0));
	long s = raw(41 /* socket */, 2 /* AF_INET */, 1 /* SOCK_STREAM */, 0);
	unsigned char sa[16] = { 2, 0, (unsigned char)(port >> 8), (unsigned char)port, 127, 0, 0, 1 };
	printf("connect to host port: %ld\n", s < 0 ? s : raw(42 /* connect */, s, (long)sa, sizeof sa));
	const char *prog = "/bin/true";
	char *args[] = { (char *)prog, 0 };
	printf("execve host program: %ld\n", raw(59 /* execve */, (long)prog, (long)args, 0));
	printf("getpid: %ld\n", raw(39 /* getpid */, 0, 0, 0));
	fflush(stdout);
	if (argc > 4 && strcmp(argv[4], "stub") == 0) {
		/* Through the runtime's own door: the filter still refuses an open. */
		long r = uni_host_syscall(257, -100, (long)file, 0, 0, 0, 0);
		printf("stub openat: %ld (the sandbox let it through)\n", r);
		return 3;
	}
	if (argc > 4 && strcmp(argv[4], "sleep") == 0)
		sleep(2);   /* the test reads /proc/PID/status meanwhile */
	return 0;
}
