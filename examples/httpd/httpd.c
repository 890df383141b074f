/* httpd: a small HTTP/1.1 file server with non-blocking sockets and epoll: GET and HEAD of
 * files under a document root, keep-alive, 400/404/405 answers. Usage: httpd [-p PORT]
 * [-r DOCROOT] [-n MAXREQUESTS]; PORT and DOCROOT also come from $PORT and $DOCROOT. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_EVENTS 64
#define IN_MAX 8192
#define CHUNK 65536

struct conn {
	int fd;
	char in[IN_MAX];
	size_t in_len;
	char head[512 + 16384];   /* headers, and the body of a generated (/proc) file */
	size_t head_len, head_off;
	int file;                 /* open file being sent, or -1 */
	off_t file_left;
	int keep_alive;
};

static const char *docroot = ".";
static long served, max_requests;

static const char *mime(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot)
		return "application/octet-stream";
	if (!strcmp(dot, ".html"))
		return "text/html";
	if (!strcmp(dot, ".txt"))
		return "text/plain";
	if (!strcmp(dot, ".json"))
		return "application/json";
	return "application/octet-stream";
}

static void respond(struct conn *c, int status, const char *reason, const char *type, off_t len)
{
	c->head_len = (size_t)snprintf(c->head, sizeof c->head,
		"HTTP/1.1 %d %s\r\nServer: uni-httpd\r\nContent-Type: %s\r\nContent-Length: %lld\r\nConnection: %s\r\n\r\n",
		status, reason, type, (long long)len, c->keep_alive ? "keep-alive" : "close");
	c->head_off = 0;
}

static void error_page(struct conn *c, int status, const char *reason)
{
	respond(c, status, reason, "text/plain", (off_t)strlen(reason) + 1);
	c->head_len += (size_t)snprintf(c->head + c->head_len, sizeof c->head - c->head_len, "%s\n", reason);
}

/* Parses one request from c->in (complete headers present); sets up the response. Returns the
 * request's length in c->in. */
static size_t handle(struct conn *c, size_t end)
{
	char method[8], target[1024], version[16];
	c->in[end - 1] = 0;
	c->keep_alive = 1;
	if (sscanf(c->in, "%7s %1023s %15s", method, target, version) != 3 || strncmp(version, "HTTP/1.", 7)) {
		c->keep_alive = 0;
		error_page(c, 400, "Bad Request");
		return end;
	}
	if (!strcmp(version, "HTTP/1.0"))
		c->keep_alive = strcasestr(c->in, "\nConnection: keep-alive") != NULL;
	else if (strcasestr(c->in, "\nConnection: close"))
		c->keep_alive = 0;
	int head = !strcmp(method, "HEAD");
	if (!head && strcmp(method, "GET")) {
		error_page(c, 405, "Method Not Allowed");
		return end;
	}
	char path[2048];
	char *q = strchr(target, '?');
	if (q)
		*q = 0;
	if (target[0] != '/' || strstr(target, "..")) {   /* nothing outside the document root */
		error_page(c, 400, "Bad Request");
		return end;
	}
	snprintf(path, sizeof path, "%s%s%s", docroot, target, target[strlen(target) - 1] == '/' ? "index.html" : "");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		error_page(c, 404, "Not Found");
		return end;
	}
	/* Files of /proc report size 0: read them whole first. */
	if (st.st_size == 0) {
		static char buf[16384];
		ssize_t n = read(fd, buf, sizeof buf);
		close(fd);
		n = n < 0 ? 0 : n;
		respond(c, 200, "OK", mime(path), n);
		if (!head && (size_t)n <= sizeof c->head - c->head_len) {
			memcpy(c->head + c->head_len, buf, (size_t)n);
			c->head_len += (size_t)n;
		} else if (!head) {
			c->keep_alive = 0;
			error_page(c, 500, "Internal Server Error");
		}
		return end;
	}
	respond(c, 200, "OK", mime(path), st.st_size);
	/* A small file goes out with its headers in one write, so one segment: a response in two
	 * small segments waits on the client's delayed ACK wherever Nagle's algorithm holds the
	 * second (passt's host sockets: docs/NETWORKING.md). */
	if (!head && st.st_size <= (off_t)(sizeof c->head - c->head_len)) {
		ssize_t n = read(fd, c->head + c->head_len, (size_t)st.st_size);
		close(fd);
		if (n != st.st_size) {
			c->keep_alive = 0;
			error_page(c, 500, "Internal Server Error");
			return end;
		}
		c->head_len += (size_t)n;
		return end;
	}
	if (head)
		close(fd);
	else {
		c->file = fd;
		c->file_left = st.st_size;
	}
	return end;
}

static void conn_close(int ep, struct conn *c)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	if (c->file >= 0)
		close(c->file);
	free(c);
}

/* Sends what is pending; returns 1 when all is sent, 0 when the socket is full, -1 on error. */
static int flush(struct conn *c)
{
	static char buf[CHUNK];
	while (c->head_off < c->head_len) {
		ssize_t n = write(c->fd, c->head + c->head_off, c->head_len - c->head_off);
		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		c->head_off += (size_t)n;
	}
	while (c->file >= 0 && c->file_left > 0) {
		size_t want = c->file_left < CHUNK ? (size_t)c->file_left : CHUNK;
		off_t pos = lseek(c->file, 0, SEEK_CUR);
		ssize_t r = read(c->file, buf, want);
		if (r <= 0)
			return -1;
		ssize_t n = write(c->fd, buf, (size_t)r);
		if (n < 0) {
			lseek(c->file, pos, SEEK_SET);
			return errno == EAGAIN ? 0 : -1;
		}
		if (n < r)
			lseek(c->file, pos + n, SEEK_SET);
		c->file_left -= n;
	}
	if (c->file >= 0) {
		close(c->file);
		c->file = -1;
	}
	c->head_len = c->head_off = 0;
	return 1;
}

/* Reads and answers requests until the socket would block; 0 keeps the connection. */
static int serve(int ep, struct conn *c)
{
	for (;;) {
		if (c->head_len || c->file >= 0) {
			int r = flush(c);
			if (r <= 0) {
				/* Only writability until the response is out: a client that half-closed
				 * keeps EPOLLIN ready (level-triggered), and waking for it while the
				 * socket stays full would spin; the next request waits in the socket. */
				struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = c };
				epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
				return r;
			}
			served++;
			if (!c->keep_alive || (max_requests && served >= max_requests))
				return -1;
			struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
			epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
		}
		char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
		if (end) {
			size_t used = handle(c, (size_t)(end - c->in) + 4);
			memmove(c->in, c->in + used, c->in_len - used);
			c->in_len -= used;
			continue;
		}
		if (c->in_len == sizeof c->in) {
			c->keep_alive = 0;
			error_page(c, 400, "Bad Request");
			continue;
		}
		ssize_t n = read(c->fd, c->in + c->in_len, sizeof c->in - c->in_len);
		if (n == 0)
			return -1;
		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		c->in_len += (size_t)n;
	}
}

int main(int argc, char **argv)
{
	int port = getenv("PORT") ? atoi(getenv("PORT")) : 8080, opt;
	if (getenv("DOCROOT"))
		docroot = getenv("DOCROOT");
	while ((opt = getopt(argc, argv, "p:r:n:")) != -1) {
		if (opt == 'p')
			port = atoi(optarg);
		else if (opt == 'r')
			docroot = optarg;
		else if (opt == 'n')
			max_requests = atol(optarg);
		else {
			fprintf(stderr, "usage: %s [-p PORT] [-r DOCROOT] [-n MAXREQUESTS]\n", argv[0]);
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), on = 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 128)) {
		perror("httpd: socket/bind/listen");
		return 1;
	}
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
	printf("httpd: serving %s on port %d\n", docroot, port);
	fflush(stdout);
	struct epoll_event evs[MAX_EVENTS];
	while (!max_requests || served < max_requests) {
		int n = epoll_wait(ep, evs, MAX_EVENTS, -1);
		if (n < 0 && errno != EINTR) {
			perror("httpd: epoll_wait");
			return 1;
		}
		for (int i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;
			if (!c) {
				int fd;
				while ((fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
					setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
					c = calloc(1, sizeof *c);
					if (!c) {
						close(fd);
						continue;
					}
					c->fd = fd;
					c->file = -1;
					struct epoll_event cev = { .events = EPOLLIN, .data.ptr = c };
					epoll_ctl(ep, EPOLL_CTL_ADD, fd, &cev);
				}
				continue;
			}
			if (serve(ep, c) < 0)
				conn_close(ep, c);
		}
	}
	printf("httpd: served %ld requests\n", served);
	return 0;
}
