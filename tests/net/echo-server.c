/* echo-server: the host side of client.test and tap.test: echoes TCP connections and UDP
 * datagrams on 127.0.0.1:PORT (QEMU's user network reaches it as 10.0.2.2:PORT), or on ADDR:PORT
 * (a tap's address), until killed. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: echo-server PORT [ADDR]\n");
		return 2;
	}
	int on = 1, t = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (argc == 3 && inet_pton(AF_INET, argv[2], &a.sin_addr) != 1) {
		fprintf(stderr, "echo-server: '%s' is not an IPv4 address\n", argv[2]);
		return 2;
	}
	setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	if (bind(t, (struct sockaddr *)&a, sizeof a) || listen(t, 8) || bind(u, (struct sockaddr *)&a, sizeof a)) {
		perror("echo-server: bind");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		struct pollfd p[2] = { { t, POLLIN, 0 }, { u, POLLIN, 0 } };
		if (poll(p, 2, -1) < 0)
			return 1;
		char buf[4096];
		if (p[1].revents) {
			struct sockaddr_in from;
			socklen_t fl = sizeof from;
			ssize_t n = recvfrom(u, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
			if (n > 0)
				sendto(u, buf, (size_t)n, 0, (struct sockaddr *)&from, fl);
		}
		if (p[0].revents) {
			int c = accept(t, NULL, NULL);
			ssize_t n;
			while (c >= 0 && (n = read(c, buf, sizeof buf)) > 0)
				if (write(c, buf, (size_t)n) != n)
					break;
			if (c >= 0)
				close(c);
		}
	}
}
