/* cork-client: connects to 127.0.0.1:PORT (retrying for 30 s), says "go", and reports what
 * cork-server's corked writes looked like on the wire: "first READ" (the first read's bytes:
 * HEADBODY when the cork held HEAD back) and "late MS" (how long after the first read LATE
 * arrived). The client speaks first because bookworm's passt completes its handshake with the
 * guest only when the host client sends something (docs/NETWORKING.md). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s PORT\n", argv[0]);
		return 2;
	}
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int s = -1;
	for (int i = 0; i < 300; i++) {
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(s, (struct sockaddr *)&a, sizeof a) == 0)
			break;
		close(s);
		s = -1;
		usleep(100000);
	}
	if (s < 0) {
		perror("cork-client: connect");
		return 1;
	}
	if (write(s, "go", 2) != 2) {
		perror("cork-client: write");
		return 1;
	}
	char buf[64];
	ssize_t n = read(s, buf, sizeof buf - 1);
	if (n <= 0) {
		perror("cork-client: first read");
		return 1;
	}
	double t0 = now_ms();
	buf[n] = 0;
	printf("first %s\n", buf);
	size_t got = (size_t)n;
	while (got < 12 && (n = read(s, buf + got, sizeof buf - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = 0;
	if (got < 12 || strcmp(buf + 8, "LATE")) {
		printf("late missing (got '%s')\n", buf);
		return 1;
	}
	printf("late %.0f\n", now_ms() - t0);
	return 0;
}
