/* sendfile-server.c: a minimal HTTP/1.0 file server for tests/net/sendfile.test and
 * bench/sendfile.sh. Usage: sendfile-server PORT MODE, MODE "sendfile" (the body goes out
 * with sendfile, TCP_CORK around headers and body) or "rw" (read + write through a 64 KiB
 * buffer). Serves GET /PATH from the current directory, one connection at a time, until killed. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static int use_sendfile;

static int set(int fd, int level, int name, int on)
{
	return setsockopt(fd, level, name, &on, sizeof on);
}

static int send_all(int c, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(c, p, n);
		if (w <= 0)
			return -1;
		p += w, n -= (size_t)w;
	}
	return 0;
}

static void body_sendfile(int c, int fd, off_t size)
{
	off_t off = 0;
	while (off < size)
		if (sendfile(c, fd, &off, (size_t)(size - off)) <= 0) {
			perror("sendfile");
			return;
		}
}

static void body_rw(int c, int fd)
{
	static char buf[65536];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (send_all(c, buf, (size_t)n))
			return;
}

static void serve(int c)
{
	char req[1024], path[512], head[256];
	ssize_t n = read(c, req, sizeof req - 1);
	if (n <= 0)
		return;
	req[n] = 0;
	if (sscanf(req, "GET %511s", path) != 1) {
		send_all(c, "HTTP/1.0 400 Bad Request\r\n\r\n", 28);
		return;
	}
	int fd = open(path + (path[0] == '/'), O_RDONLY);   /* from the cwd: / in the image */
	struct stat st;
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		send_all(c, "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n", 45);
		if (fd >= 0)
			close(fd);
		return;
	}
	set(c, IPPROTO_TCP, TCP_CORK, 1);   /* headers and the first body bytes in one segment */
	int len = snprintf(head, sizeof head, "HTTP/1.0 200 OK\r\nContent-Length: %lld\r\n\r\n", (long long)st.st_size);
	if (!send_all(c, head, (size_t)len)) {
		if (use_sendfile)
			body_sendfile(c, fd, st.st_size);
		else
			body_rw(c, fd);
	}
	set(c, IPPROTO_TCP, TCP_CORK, 0);
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[2], "sendfile") && strcmp(argv[2], "rw"))) {
		fprintf(stderr, "usage: sendfile-server PORT sendfile|rw\n");
		return 2;
	}
	use_sendfile = !strcmp(argv[2], "sendfile");
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1])) };
	if (set(s, SOL_SOCKET, SO_REUSEADDR, 1) || set(s, SOL_SOCKET, SO_REUSEPORT, 1) ||
	    set(s, IPPROTO_TCP, TCP_DEFER_ACCEPT, 5) || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 16)) {
		perror("sendfile-server: setting up the listening socket");
		return 1;
	}
	printf("serving on port %s with %s\n", argv[1], argv[2]);
	fflush(stdout);
	for (;;) {
		int c = accept(s, NULL, NULL);
		if (c < 0)
			continue;
		set(c, IPPROTO_TCP, TCP_NODELAY, 1);
		serve(c);
		close(c);
	}
}
