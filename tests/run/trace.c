/* trace.c: a guest for trace.test: a failing open, output on both streams (stderr's without a
 * newline, so a trace line must start a line of its own), exit status 3; with "thread", one
 * write from a second thread instead. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void *second(void *arg)
{
	(void)arg;
	write(1, "from a thread\n", 14);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "thread") == 0) {
		pthread_t t;
		pthread_create(&t, NULL, second, NULL);
		pthread_join(t, NULL);
		return 0;
	}
	int fd = open("/nonexistent/x", O_RDONLY);
	printf("fd %d\n", fd);
	fflush(stdout);
	fprintf(stderr, "partial");
	write(1, "hi\n", 3);
	return 3;
}
