/* syscalls.c: for tests/meta/syscalls.test, each syscall number given as an argument called
 * with zero arguments: prints "N errno-or-result", so the runtime's errno per syscall can be
 * compared with docs/SYSCALLS.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		errno = 0;
		long r = syscall(atol(argv[i]), 0, 0, 0, 0, 0, 0);
		printf("%s %ld\n", argv[i], r == -1 ? -errno : r);
	}
	return 0;
}
