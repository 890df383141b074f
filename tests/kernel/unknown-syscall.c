/* An unimplemented syscall returns ENOSYS, and the runtime names it once. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	for (int i = 0; i < 3; i++) {
		long r = syscall(SYS_io_setup, 1, 0);
		printf("io_setup: %ld %s\n", r, strerror(errno));
	}
	return 0;
}
