/* fuzz-guest.c: the image tests/run/image-fuzz.test damages. In the VM it prints its line;
 * run on the host by mistake it would also create the file named by argv[1], whose directory
 * exists only on the host. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc > 1) {
		int fd = open(argv[1], O_WRONLY | O_CREAT, 0644);
		if (fd >= 0)
			close(fd);
	}
	puts("fuzz guest: intact");
	return 0;
}
