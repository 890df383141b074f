/* echo-server: the host side of client.test and tap.test: echoes TCP connections and UDP
 * datagrams on 127.0.0.1:PORT (QEMU's user network reaches it as 10.0.2.2:PORT), or on ADDR:PORT
 * (a tap's address), until killed. PORT 0 picks a port free for both TCP and UDP; the line
 * "ready PORT" says which, once both sockets are bound. */
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
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (argc == 3 && inet_pton(AF_INET, argv[2], &a.sin_addr) != 1) {
		fprintf(stderr, "echo-server: '%s' is not an IPv4 address\n", argv[2]);
		return 2;
	}
	int t, u;
	/* With port 0 the kernel picks a TCP port; the same UDP port may be taken, so try again. */
	for (int try = 0;; try++) {
		int on = 1;
		struct sockaddr_in b = a;
		socklen_t bl = sizeof b;
		t = socket(AF_INET, SOCK_STREAM, 0);
		u = socket(AF_INET, SOCK_DGRAM, 0);
		setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
		if (bind(t, (struct sockaddr *)&b, sizeof b) || listen(t, 8) ||
		    getsockname(t, (struct sockaddr *)&b, &bl)) {
			perror("echo-server: TCP bind");
			return 1;
		}
		if (bind(u, (struct sockaddr *)&b, sizeof b) == 0) {
			a = b;
			break;
		}
		if (a.sin_port != 0 || try == 20) {
			perror("echo-server: UDP bind");
			return 1;
		}
		close(t);
		close(u);
	}
	printf("ready %d\n", ntohs(a.sin_port));
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
