/* cork-server: answers one connection on PORT (default 80), once the client has said something,
 * the way servers use TCP_CORK: corked, "HEAD", 100 ms, "BODY", 100 ms, uncorked (both must
 * leave together, at the uncork); then, 300 ms later, corked again, "LATE" and never uncorked
 * (it must leave by the cork's time limit, 200 ms on Linux, not at the close 3 s later).
 * Prints "serving" once listening. */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void pause_ms(long ms)
{
	nanosleep(&(struct timespec){ .tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000L }, NULL);
}

static void cork(int fd, int on)
{
	if (setsockopt(fd, IPPROTO_TCP, TCP_CORK, &on, sizeof on)) {
		perror("cork-server: TCP_CORK");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	int on = 1, port = argc > 1 ? atoi(argv[1]) : 80;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4)) {
		perror("cork-server: socket/bind/listen");
		return 1;
	}
	printf("serving\n");
	fflush(stdout);
	int c = accept(s, NULL, NULL);
	char go[2];
	if (c < 0 || read(c, go, sizeof go) <= 0) {
		perror("cork-server: accept or read");
		return 1;
	}
	cork(c, 1);
	if (write(c, "HEAD", 4) != 4)
		return 1;
	pause_ms(100);
	if (write(c, "BODY", 4) != 4)
		return 1;
	pause_ms(100);
	cork(c, 0);
	pause_ms(300);
	cork(c, 1);
	if (write(c, "LATE", 4) != 4)
		return 1;
	pause_ms(3000);
	close(c);
	return 0;
}
