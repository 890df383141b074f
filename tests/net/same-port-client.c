/* same-port-client: HTTP GETs, one per connection, all from one local port, each connection
 * closed by the server first ("Connection: close"; the client reads to the end before it
 * closes, so only the server side waits in TIME_WAIT and the port is free again at once).
 * It pauses PAUSE_MS between connections, as a port comes back when a busy client's port
 * range wraps: through passt, a SYN sent at once can overtake the client's FIN towards the
 * server, whose connection is then not yet in TIME_WAIT but in FIN_WAIT_2, where Linux
 * resets such a SYN too.
 * Usage: same-port-client SERVER-PORT PATH COUNT [FIRST-LOCAL-PORT]. Picks the first local
 * port from FIRST-LOCAL-PORT up that binds, prints "port P" and then one line per request:
 * "N: ok" for a 200, else what happened. Exits 0 when all were answered 200. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PAUSE_MS 500

/* A socket bound to 127.0.0.1:lport, or -1 with errno. */
static int bound(int lport)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)lport) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s >= 0 && bind(s, (struct sockaddr *)&a, sizeof a) == 0)
		return s;
	int e = errno;
	if (s >= 0)
		close(s);
	errno = e;
	return -1;
}

/* One request from socket s; 0 when the answer was a 200 read to the server's close. */
static int request(int s, int port, const char *path, char *why, size_t room)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	char req[512], buf[4096];
	int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
	if (connect(s, (struct sockaddr *)&a, sizeof a) || write(s, req, (size_t)n) != n) {
		snprintf(why, room, "connect/write: %s", strerror(errno));
		return -1;
	}
	size_t got = 0;
	ssize_t r;
	while ((r = read(s, buf + got, sizeof buf - 1 - got)) > 0)
		got = got + (size_t)r < sizeof buf - 1 ? got + (size_t)r : 0;   /* keep the head only */
	if (r < 0) {
		snprintf(why, room, "read: %s", strerror(errno));
		return -1;
	}
	buf[got] = 0;
	if (strncmp(buf, "HTTP/1.1 200 ", 13)) {
		snprintf(why, room, "answer: '%.40s'", buf);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s SERVER-PORT PATH COUNT [FIRST-LOCAL-PORT]\n", argv[0]);
		return 2;
	}
	int port = atoi(argv[1]), count = atoi(argv[3]), lport = argc > 4 ? atoi(argv[4]) : 40000;
	int s = -1, failed = 0;
	for (int tries = 0; s < 0 && tries < 100; tries++)
		if ((s = bound(lport)) < 0)
			lport++;
	if (s < 0) {
		perror("same-port-client: no free local port");
		return 1;
	}
	printf("port %d\n", lport);
	for (int i = 1; i <= count; i++) {
		char why[128];
		if (i > 1)
			nanosleep(&(struct timespec){ .tv_nsec = PAUSE_MS * 1000000L }, NULL);
		if (i > 1 && (s = bound(lport)) < 0) {
			printf("%d: bind %d: %s\n", i, lport, strerror(errno));
			return 1;
		}
		if (request(s, port, argv[2], why, sizeof why)) {
			printf("%d: %s\n", i, why);
			failed = 1;
		} else
			printf("%d: ok\n", i);
		close(s);
	}
	return failed;
}
