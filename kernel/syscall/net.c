/* The socket system calls: argument checks (lwIP trusts its callers, so every pointer and
 * length is checked here), the options every family shares, and dispatch to the family's
 * operations under the network lock. Linked only into images that use sockets. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include "net/net.h"
#include "uni/layout.h"

#define USER_TOP 0x800000000000ull

/* A range the program could legitimately pass: not NULL's guard, no wrap, below the top. */
static int bad(const void *p, size_t len)
{
	uint64_t a = (uint64_t)p;
	if (!len)
		return 0;
	return a < UNI_NULL_GUARD || a + len < a || a + len > USER_TOP;
}

#define CHECK(p, len) do { if (bad((p), (len))) { uni_net_counters.bad_args++; return -EFAULT; } } while (0)

static int with_sock(long fd, struct sock **s)
{
	int r = uni_sock_get((int)fd, s);
	if (r)
		uni_net_counters.bad_args++;
	return r;
}

long sys_socket(long domain, long type, long protocol, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	int flags = (int)type & (SOCK_NONBLOCK | SOCK_CLOEXEC), kind = (int)type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct sock *s;
	int r;
	if (domain != AF_INET && domain != AF_UNIX)
		return -EAFNOSUPPORT;
	uni_net_lock();
	if (domain == AF_UNIX)
		r = uni_unix_socket(kind, &s);
	else if (kind == SOCK_STREAM && (protocol == 0 || protocol == IPPROTO_TCP))
		r = uni_tcp_socket(&s);
	else if (kind == SOCK_DGRAM && (protocol == 0 || protocol == IPPROTO_UDP))
		r = uni_udp_socket(&s);
	else
		r = kind == SOCK_STREAM || kind == SOCK_DGRAM ? -EPROTONOSUPPORT :
			kind == SOCK_RAW || kind == SOCK_SEQPACKET ? -ESOCKTNOSUPPORT : -EINVAL;
	uni_net_unlock();
	if (r)
		return r;
	return uni_sock_install(s, (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0) | (flags & SOCK_CLOEXEC ? O_CLOEXEC : 0));
}

long sys_socketpair(long domain, long type, long protocol, long sv, long e, long f)
{
	(void)e, (void)f;
	CHECK((void *)sv, 2 * sizeof(int));
	if (domain != AF_UNIX)
		return domain == AF_INET ? -EOPNOTSUPP : -EAFNOSUPPORT;
	if (protocol != 0)
		return -EPROTONOSUPPORT;
	int flags = (int)type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
	int fl = (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0) | (flags & SOCK_CLOEXEC ? O_CLOEXEC : 0);
	struct sock *a, *b;
	uni_net_lock();
	int r = uni_unix_pair((int)type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), &a, &b);
	uni_net_unlock();
	if (r)
		return r;
	int fa = uni_sock_install(a, fl);
	if (fa < 0) {
		uni_net_lock();
		b->ops->close(b);
		uni_net_unlock();
		return fa;
	}
	int fb = uni_sock_install(b, fl);
	if (fb < 0) {
		uni_fd_close(fa);
		return fb;
	}
	int *out = (int *)sv;
	out[0] = fa;
	out[1] = fb;
	return 0;
}

/* The socket and a checked address argument (bind, connect). */
static int sock_and_addr(long fd, long addr, long len, struct sock **s)
{
	int r = with_sock(fd, s);
	if (r)
		return r;
	if (len < 0 || len > 4096)
		return -EINVAL;
	CHECK((void *)addr, (size_t)len);
	return 0;
}

long sys_bind(long fd, long addr, long len, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	struct sock *s;
	int r = sock_and_addr(fd, addr, len, &s);
	if (r)
		return r;
	uni_net_lock();
	r = s->ops->bind(s, (const struct sockaddr *)addr, (socklen_t)len);
	uni_net_unlock();
	return r;
}

long sys_listen(long fd, long backlog, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct sock *s;
	int r = with_sock(fd, &s);
	if (r)
		return r;
	if (backlog < 0 || backlog > 4096)
		backlog = 4096;   /* as Linux: clamped to somaxconn */
	uni_net_lock();
	r = s->ops->listen(s, (int)backlog);
	uni_net_unlock();
	return r;
}

/* The in-out length at lenp (accept, getsockname, getsockopt) into *len, and the buffer of
 * that length at buf checked; 0 or -errno. */
static int read_len(long lenp, long buf, socklen_t *len)
{
	CHECK((void *)lenp, sizeof(socklen_t));
	memcpy(len, (void *)lenp, sizeof *len);
	if ((int)*len < 0)
		return -EINVAL;
	CHECK((void *)buf, *len);
	return 0;
}

long sys_accept4(long fd, long addr, long lenp, long flags, long e, long f)
{
	(void)e, (void)f;
	struct sock *s, *n;
	int r = with_sock(fd, &s);
	if (r)
		return r;
	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	socklen_t len = 0;
	if (addr && (r = read_len(lenp, addr, &len)))
		return r;
	struct uni_file *file = uni_fd_get((int)fd);
	uni_net_lock();
	r = s->ops->accept(s, &n, !!(file->flags & O_NONBLOCK));
	if (!r && addr) {
		n->ops->name(n, (struct sockaddr *)addr, &len, 1);
		memcpy((void *)lenp, &len, sizeof len);
	}
	uni_net_unlock();
	if (r)
		return r;
	return uni_sock_install(n, (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0) | (flags & SOCK_CLOEXEC ? O_CLOEXEC : 0));
}

long sys_accept(long fd, long addr, long lenp, long d, long e, long f)
{
	(void)d;
	return sys_accept4(fd, addr, lenp, 0, e, f);
}

long sys_connect(long fd, long addr, long len, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	struct sock *s;
	int r = sock_and_addr(fd, addr, len, &s);
	if (r)
		return r;
	struct uni_file *file = uni_fd_get((int)fd);
	uni_net_lock();
	r = s->ops->connect(s, (const struct sockaddr *)addr, (socklen_t)len, !!(file->flags & O_NONBLOCK));
	uni_net_flush();
	uni_net_unlock();
	return r;
}

/* Checks a message header and its iovec; 0 or -errno. */
static int check_msg(const struct msghdr *m)
{
	CHECK(m, sizeof *m);
	if (m->msg_iovlen < 0 || m->msg_iovlen > IOV_MAX || (int)m->msg_namelen < 0)
		return -EINVAL;
	CHECK(m->msg_iov, m->msg_iovlen * sizeof(struct iovec));
	size_t total = 0;
	for (int i = 0; i < m->msg_iovlen; i++) {
		CHECK(m->msg_iov[i].iov_base, m->msg_iov[i].iov_len);
		total += m->msg_iov[i].iov_len;
		if (total > SSIZE_MAX)
			return -EINVAL;
	}
	if (m->msg_name)
		CHECK(m->msg_name, m->msg_namelen);
	return 0;
}

/* The socket and a checked message (the send and receive calls). */
static int sock_and_msg(long fd, const struct msghdr *m, struct sock **s)
{
	int r = with_sock(fd, s);
	return r ? r : check_msg(m);
}

/* Whether a send or receive must not wait: the descriptor's O_NONBLOCK or the call's
 * MSG_DONTWAIT. */
static int nonblocking(long fd, int flags)
{
	return (uni_fd_get((int)fd)->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
}

static long do_send(long fd, struct msghdr *m, int flags)
{
	struct sock *s;
	int r = sock_and_msg(fd, m, &s);
	if (r)
		return r;
	uni_net_lock();
	ssize_t n = s->ops->send(s, m->msg_iov, (int)m->msg_iovlen, flags, m->msg_name,
		m->msg_name ? m->msg_namelen : 0, nonblocking(fd, flags));
	uni_net_flush();
	uni_net_unlock();
	return n;
}

static long do_recv(long fd, struct msghdr *m, int flags)
{
	struct sock *s;
	int r = sock_and_msg(fd, m, &s);
	if (r)
		return r;
	socklen_t namelen = m->msg_name ? m->msg_namelen : 0;
	uni_net_lock();
	ssize_t n = s->ops->recv(s, m->msg_iov, (int)m->msg_iovlen, flags, m->msg_name,
		m->msg_name ? &namelen : 0, nonblocking(fd, flags));
	uni_net_flush();
	uni_net_unlock();
	if (m->msg_name)
		m->msg_namelen = namelen;
	m->msg_controllen = 0;   /* no ancillary data */
	m->msg_flags = 0;
	return n;
}

long sys_sendto(long fd, long buf, long len, long flags, long to, long tolen)
{
	struct iovec iov = { (void *)buf, (size_t)len };
	struct msghdr m = { .msg_name = (void *)to, .msg_namelen = to ? (socklen_t)tolen : 0, .msg_iov = &iov, .msg_iovlen = 1 };
	if (to && (tolen < 0 || tolen > 4096))
		return -EINVAL;
	return do_send(fd, &m, (int)flags);
}

long sys_recvfrom(long fd, long buf, long len, long flags, long from, long fromlenp)
{
	struct iovec iov = { (void *)buf, (size_t)len };
	struct msghdr m = { 0 };
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	if (from) {
		CHECK((void *)fromlenp, sizeof(socklen_t));
		memcpy(&m.msg_namelen, (void *)fromlenp, sizeof(socklen_t));
		m.msg_name = (void *)from;
	}
	long r = do_recv(fd, &m, (int)flags);
	if (from && r >= 0)
		memcpy((void *)fromlenp, &m.msg_namelen, sizeof(socklen_t));
	return r;
}

long sys_sendmsg(long fd, long msg, long flags, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	CHECK((void *)msg, sizeof(struct msghdr));
	return do_send(fd, (struct msghdr *)msg, (int)flags);
}

long sys_recvmsg(long fd, long msg, long flags, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	CHECK((void *)msg, sizeof(struct msghdr));
	return do_recv(fd, (struct msghdr *)msg, (int)flags);
}

long sys_shutdown(long fd, long how, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct sock *s;
	int r = with_sock(fd, &s);
	if (r)
		return r;
	if (how != SHUT_RD && how != SHUT_WR && how != SHUT_RDWR)
		return -EINVAL;
	uni_net_lock();
	r = s->ops->shutdown(s, (int)how);
	uni_net_flush();
	uni_net_unlock();
	return r;
}

static long name(long fd, long addr, long lenp, int peer)
{
	struct sock *s;
	int r = with_sock(fd, &s);
	if (r)
		return r;
	socklen_t len;
	if ((r = read_len(lenp, addr, &len)))
		return r;
	uni_net_lock();
	r = s->ops->name(s, (struct sockaddr *)addr, &len, peer);
	uni_net_unlock();
	if (!r)
		memcpy((void *)lenp, &len, sizeof len);
	return r;
}

long sys_getsockname(long fd, long addr, long lenp, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return name(fd, addr, lenp, 0);
}

long sys_getpeername(long fd, long addr, long lenp, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return name(fd, addr, lenp, 1);
}

static uint64_t tv_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000000ull + (uint64_t)tv->tv_usec * 1000ull;
}

long sys_setsockopt(long fd, long level, long optname, long optval, long optlen, long f)
{
	(void)f;
	struct sock *s;
	int r = with_sock(fd, &s);
	if (r)
		return r;
	if (optlen < 0 || optlen > 4096)
		return -EINVAL;
	CHECK((void *)optval, (size_t)optlen);
	const void *v = (const void *)optval;
	int on = optlen >= (long)sizeof(int) ? *(const int *)v : 0;
	if (level == SOL_SOCKET) {
		switch (optname) {
		case SO_REUSEADDR: case SO_REUSEPORT: case SO_KEEPALIVE: case SO_RCVBUF: case SO_SNDBUF:
		case SO_BROADCAST: case SO_RCVBUFFORCE: case SO_SNDBUFFORCE: case SO_OOBINLINE:
		case SO_DONTROUTE:
			if (optlen < (long)sizeof(int))
				return -EINVAL;
			break;
		case SO_RCVTIMEO: case SO_SNDTIMEO: {
			if (optlen < (long)sizeof(struct timeval))
				return -EINVAL;
			const struct timeval *tv = v;
			if (tv->tv_usec < 0 || tv->tv_usec >= 1000000)
				return -EDOM;
			if (optname == SO_RCVTIMEO)
				s->rcvtimeo = tv->tv_sec < 0 ? 0 : tv_ns(tv);
			else
				s->sndtimeo = tv->tv_sec < 0 ? 0 : tv_ns(tv);
			return 0;
		}
		case SO_LINGER:
			if (optlen < (long)sizeof(struct linger))
				return -EINVAL;
			memcpy(&s->linger, v, sizeof s->linger);
			return 0;
		default:
			return -ENOPROTOOPT;
		}
		switch (optname) {
		case SO_REUSEADDR: s->reuseaddr = !!on; break;
		case SO_REUSEPORT: s->reuseport = !!on; break;
		case SO_KEEPALIVE: s->keepalive = !!on; break;
		case SO_RCVBUF: case SO_RCVBUFFORCE:
			s->rcvbuf = on < 2048 ? 2048 : on > (1 << 24) ? (1 << 24) : on;
			break;
		case SO_SNDBUF: case SO_SNDBUFFORCE:
			s->sndbuf = on < 2048 ? 2048 : on > (1 << 24) ? (1 << 24) : on;
			break;
		default: return 0;   /* accepted, no effect here */
		}
	}
	uni_net_lock();
	r = s->ops->setopt(s, (int)level, (int)optname, v, (socklen_t)optlen);
	uni_net_unlock();
	return r;
}

long sys_getsockopt(long fd, long level, long optname, long optval, long optlenp, long f)
{
	(void)f;
	struct sock *s;
	int r = with_sock(fd, &s);
	if (r)
		return r;
	socklen_t len;
	if ((r = read_len(optlenp, optval, &len)))
		return r;
	union { int i; struct timeval tv; struct linger l; } v;
	socklen_t n = sizeof(int);
	if (level != SOL_SOCKET) {
		uni_net_lock();
		r = s->ops->getopt(s, (int)level, (int)optname, (void *)optval, &len);
		uni_net_unlock();
		if (!r)
			memcpy((void *)optlenp, &len, sizeof len);
		return r;
	}
	switch (optname) {
	case SO_TYPE: v.i = s->type; break;
	case SO_DOMAIN: v.i = s->domain; break;
	case SO_PROTOCOL: v.i = s->protocol; break;
	case SO_ACCEPTCONN: v.i = s->acceptconn; break;
	case SO_REUSEADDR: v.i = s->reuseaddr; break;
	case SO_REUSEPORT: v.i = s->reuseport; break;
	case SO_KEEPALIVE: v.i = s->keepalive; break;
	case SO_RCVBUF: v.i = 2 * s->rcvbuf; break;   /* Linux reports the doubled value */
	case SO_SNDBUF: v.i = 2 * s->sndbuf; break;
	case SO_ERROR: v.i = s->error; s->error = 0; break;
	case SO_RCVTIMEO: case SO_SNDTIMEO: {
		uint64_t ns = optname == SO_RCVTIMEO ? s->rcvtimeo : s->sndtimeo;
		v.tv = (struct timeval){ (time_t)(ns / 1000000000ull), (suseconds_t)(ns % 1000000000ull / 1000) };
		n = sizeof v.tv;
		break;
	}
	case SO_LINGER: v.l = s->linger; n = sizeof v.l; break;
	default: return -ENOPROTOOPT;
	}
	if (len < n)
		n = len;
	memcpy((void *)optval, &v, n);
	memcpy((void *)optlenp, &n, sizeof n);
	return 0;
}
