/* sockets: AF_UNIX pairs (stream and datagram), named AF_UNIX stream sockets, TCP and UDP over
 * 127.0.0.1, readiness through poll and epoll, and bad arguments. Prints results only (no
 * ports, no addresses that differ between runs), so the linux build and the image compare. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "check.h"

static void unix_pairs(void)
{
	int sv[2];
	char buf[64];
	CHECK("socketpair stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK("write a", write(sv[0], "hello", 5));
	CHECK("write b", write(sv[0], " world", 6));
	CHECK("read both", read(sv[1], buf, sizeof buf));
	CHECK("FIONREAD empty", ({ int n = -5; ioctl(sv[1], FIONREAD, &n) ? -1 : n; }));
	CHECK("shutdown wr", shutdown(sv[0], SHUT_WR));
	CHECK("read eof", read(sv[1], buf, sizeof buf));
	CHECK("close a", close(sv[0]));
	CHECK("write to closed peer", write(sv[1], "x", 1));
	close(sv[1]);
	CHECK("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	CHECK("send 3", send(sv[0], "abc", 3, 0));
	CHECK("send 5", send(sv[0], "defgh", 5, 0));
	CHECK("recv one message", recv(sv[1], buf, sizeof buf, 0));
	CHECK("recv truncated", recv(sv[1], buf, 2, MSG_TRUNC));
	CHECK("recv nonblocking", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
	close(sv[0]);
	close(sv[1]);
	CHECK("socketpair inet", socketpair(AF_INET, SOCK_STREAM, 0, sv));
}

static void unix_named(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "/tmp/uni-sock-test" };
	unlink(a.sun_path);
	int l = socket(AF_UNIX, SOCK_STREAM, 0), c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK("connect missing", connect(c, (struct sockaddr *)&a, sizeof a));
	CHECK("bind", bind(l, (struct sockaddr *)&a, sizeof a));
	struct stat st;
	CHECK("stat is socket", stat(a.sun_path, &st) ? -1 : S_ISSOCK(st.st_mode));
	CHECK("listen", listen(l, 4));
	CHECK("connect", connect(c, (struct sockaddr *)&a, sizeof a));
	int s = accept(l, NULL, NULL);
	CHECK("accepted", s >= 0);
	char buf[16];
	CHECK("send", write(c, "ping", 4));
	CHECK("recv", read(s, buf, sizeof buf));
	CHECK("reply", write(s, "pong!", 5));
	CHECK("recv reply", read(c, buf, sizeof buf));
	close(c);
	close(s);
	close(l);
	CHECK("unlink", unlink(a.sun_path));
}

static int port_of(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	return getsockname(fd, (struct sockaddr *)&a, &len) ? -1 : ntohs(a.sin_port);
}

static void tcp(void)
{
	int l = socket(AF_INET, SOCK_STREAM, 0), on = 1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	CHECK("tcp reuseaddr", setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on));
	CHECK("tcp bind port 0", bind(l, (struct sockaddr *)&a, sizeof a));
	CHECK("tcp bind twice", bind(l, (struct sockaddr *)&a, sizeof a));
	CHECK("tcp listen", listen(l, 8));
	a.sin_port = htons((uint16_t)port_of(l));
	CHECK("tcp got a port", port_of(l) > 0);
	fcntl(l, F_SETFL, O_NONBLOCK);
	CHECK("accept would block", accept(l, NULL, NULL));
	int c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK("recv unconnected", recv(c, &on, 1, 0));
	CHECK("connect", connect(c, (struct sockaddr *)&a, sizeof a));
	CHECK("connect again", connect(c, (struct sockaddr *)&a, sizeof a));
	struct pollfd p = { l, POLLIN, 0 };
	CHECK("poll listener", poll(&p, 1, 5000));
	struct sockaddr_in peer;
	socklen_t plen = sizeof peer;
	int s = accept(l, (struct sockaddr *)&peer, &plen);
	CHECK("accepted", s >= 0);
	CHECK("peer is the client", ntohs(peer.sin_port) == port_of(c) && plen == sizeof peer);
	CHECK("nodelay", setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on));
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.fd = s }, out;
	CHECK("epoll add", epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	CHECK("epoll nothing yet", epoll_wait(ep, &out, 1, 0));
	static char big[300000], back[300000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i % 251);
	CHECK("send 300000 nonblocking part", ({ fcntl(c, F_SETFL, O_NONBLOCK); ssize_t n = send(c, big, sizeof big, 0); n > 0 ? 1 : n; }));
	CHECK("epoll readable", epoll_wait(ep, &out, 1, 5000));
	CHECK("epoll edge: not again", epoll_wait(ep, &out, 1, 0));
	fcntl(c, F_SETFL, 0);
	size_t got = 0;
	ssize_t n;
	/* Drain while sending the rest from a second pass (blocking writes need a reader). */
	fcntl(s, F_SETFL, O_NONBLOCK);
	size_t sent = 0;
	{
		errno = 0;
	}
	while (got < sizeof back) {
		n = recv(s, back + got, sizeof back - got, 0);
		if (n > 0)
			got += (size_t)n;
		else if (n == 0)
			break;
		struct pollfd q = { s, POLLIN, 0 };
		poll(&q, 1, 100);
		if (got >= 100000 && sent == 0) {
			shutdown(c, SHUT_WR);
			sent = 1;
		}
	}
	CHECK("received all that was sent, intact", got > 0 && !memcmp(big, back, got));
	close(c);
	close(s);
	close(l);
	close(ep);
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK("connect refused", connect(c, (struct sockaddr *)&a, sizeof a));
	close(c);
}

static void udp(void)
{
	int u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	CHECK("udp bind", bind(u, (struct sockaddr *)&a, sizeof a));
	a.sin_port = htons((uint16_t)port_of(u));
	CHECK("udp send unconnected no address", send(v, "x", 1, 0));
	CHECK("udp sendto", sendto(v, "datagram", 8, 0, (struct sockaddr *)&a, sizeof a));
	char buf[64];
	struct sockaddr_in from;
	socklen_t fl = sizeof from;
	CHECK("udp recvfrom", recvfrom(u, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
	CHECK("udp from the sender", ntohs(from.sin_port) == port_of(v));
	CHECK("udp connect", connect(v, (struct sockaddr *)&a, sizeof a));
	CHECK("udp send connected", send(v, "again", 5, 0));
	CHECK("udp FIONREAD", ({ int k = -1; struct pollfd q = { u, POLLIN, 0 }; poll(&q, 1, 5000); ioctl(u, FIONREAD, &k) ? -1 : k; }));
	CHECK("udp recv", recv(u, buf, sizeof buf, 0));
	close(u);
	close(v);
}

static void bad(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), fd = open("/dev/null", O_RDONLY);
	struct sockaddr_in a = { .sin_family = AF_INET };
	CHECK("bind NULL", bind(s, NULL, sizeof a));
	CHECK("bind short", bind(s, (struct sockaddr *)&a, 4));
	CHECK("bind bad pointer", bind(s, (struct sockaddr *)8, sizeof a));
	CHECK("connect on a file", connect(fd, (struct sockaddr *)&a, sizeof a));
	CHECK("connect bad fd", connect(99, (struct sockaddr *)&a, sizeof a));
	CHECK("send unconnected", send(s, "x", 1, 0));
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(9);
	CHECK("sendto bad buffer", sendto(u, (void *)16, 10, 0, (struct sockaddr *)&a, sizeof a));
	close(u);
	CHECK("getsockopt SO_TYPE", ({ int t = 0; socklen_t l = sizeof t; getsockopt(s, SOL_SOCKET, SO_TYPE, &t, &l) ? -1 : t; }));
	CHECK("getsockopt SO_ERROR", ({ int t = 7; socklen_t l = sizeof t; getsockopt(s, SOL_SOCKET, SO_ERROR, &t, &l) ? -1 : t; }));
	CHECK("socket bad type", socket(AF_INET, 77, 0));
	CHECK("socket bad family", socket(12345, SOCK_STREAM, 0));
	close(s);
	close(fd);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	unix_pairs();
	unix_named();
	tcp();
	udp();
	bad();
	return 0;
}
