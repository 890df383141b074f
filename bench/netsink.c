/* netsink: accepts one TCP connection on PORT, reads until EOF, prints the byte count and the
 * rate; with -s BYTES it sends that many bytes instead. bench/net.sh runs it in an image and as
 * a native process to measure bulk throughput in each direction. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: netsink PORT [-s BYTES]\n");
		return 2;
	}
	long long send_bytes = argc > 3 && !strcmp(argv[2], "-s") ? atoll(argv[3]) : -1;
	int on = 1, s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])) };
	if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 1)) {
		perror("netsink: bind/listen");
		return 1;
	}
	printf("serving\n");
	fflush(stdout);
	int c = accept(s, NULL, NULL);
	static char buf[1 << 16];
	long long total = 0;
	double t0 = now();
	if (send_bytes >= 0) {
		while (total < send_bytes) {
			size_t k = send_bytes - total < (long long)sizeof buf ? (size_t)(send_bytes - total) : sizeof buf;
			ssize_t n = write(c, buf, k);
			if (n <= 0)
				break;
			total += n;
		}
	} else {
		ssize_t n;
		while ((n = read(c, buf, sizeof buf)) > 0)
			total += n;
	}
	double dt = now() - t0;
	close(c);
	printf("netsink: %lld bytes in %.3f s: %.1f MB/s\n", total, dt, (double)total / dt / 1e6);
	return 0;
}
