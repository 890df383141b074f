/* trace.c: a guest for trace.test: a failing open, output on both streams (stderr's without a
 * newline, so a trace line must start a line of its own), exit status 3. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int fd = open("/nonexistent/x", O_RDONLY);
	printf("fd %d\n", fd);
	fflush(stdout);
	fprintf(stderr, "partial");
	write(1, "hi\n", 3);
	return 3;
}
