/* AF_UNIX sockets inside the one process: socketpair (stream and datagram) and named stream
 * sockets (bind to a path, listen, connect, accept). Data moves as chunks queued on the
 * receiving end (bounded by its SO_RCVBUF); closing an end gives the other end EOF, or EPIPE
 * and SIGPIPE to a writer. Names live in a registry (and as a socket inode in the
 * filesystem, so stat and unlink see them). No ancillary data (SCM_RIGHTS). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "net/net.h"
#include "uni/kmem.h"

static const struct sock_ops unix_ops;

/* Bound, listening sockets by name. */
static struct sock *listeners[64];

static int path_of(const struct sockaddr *a, socklen_t len, char *out)
{
	size_t off = offsetof(struct sockaddr_un, sun_path);
	if (!a || len <= (socklen_t)off || len > (socklen_t)sizeof(struct sockaddr_un))
		return -EINVAL;
	if (a->sa_family != AF_UNIX)
		return -EINVAL;
	size_t n = strnlen(((const struct sockaddr_un *)a)->sun_path, len - off);
	if (!n)
		return -EINVAL;   /* the abstract namespace is not supported */
	memcpy(out, ((const struct sockaddr_un *)a)->sun_path, n);
	out[n] = 0;
	return (int)n;
}

static struct sock *find(const char *path)
{
	for (int i = 0; i < 64; i++)
		if (listeners[i] && !strcmp(listeners[i]->path, path))
			return listeners[i];
	return 0;
}

int uni_unix_socket(int type, struct sock **out)
{
	if (type != SOCK_STREAM && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	struct sock *s = uni_sock_new(AF_UNIX, type, 0, &unix_ops);
	if (!s)
		return -ENOMEM;
	*out = s;
	return 0;
}

int uni_unix_pair(int type, struct sock **a, struct sock **b)
{
	int r = uni_unix_socket(type, a);
	if (r)
		return r;
	if ((r = uni_unix_socket(type, b))) {
		uni_sock_free(*a);
		return r;
	}
	(*a)->peer = *b;
	(*b)->peer = *a;
	(*a)->connected = (*b)->connected = 1;
	return 0;
}

static int un_bind(struct sock *s, const struct sockaddr *a, socklen_t len)
{
	char path[sizeof(struct sockaddr_un)];
	int n = path_of(a, len, path);
	if (n < 0)
		return n;
	if (s->path)
		return -EINVAL;
	struct uni_walk w;
	int r = uni_walk(AT_FDCWD, path, 0, &w);
	if (r)
		return r;
	if (w.node)
		return -EADDRINUSE;
	struct uni_inode *node = uni_inode_new(S_IFSOCK | (0777 & ~uni_umask));
	if (!node || uni_dir_link(w.dir, w.name, w.len, node))
		return -ENOMEM;
	s->path = uni_kalloc((size_t)n + 1);
	if (!s->path)
		return -ENOMEM;
	memcpy(s->path, path, (size_t)n + 1);
	s->path_len = (size_t)n + 1;
	return 0;
}

static int un_listen(struct sock *s, int backlog)
{
	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	if (!s->path)
		return -EINVAL;
	s->backlog = backlog < 1 ? 1 : backlog;
	if (s->acceptconn)
		return 0;
	for (int i = 0; i < 64; i++)
		if (!listeners[i]) {
			listeners[i] = s;
			s->acceptconn = 1;
			return 0;
		}
	return -ENOBUFS;
}

static int has_conn(void *arg)
{
	return ((struct sock *)arg)->accq != 0;
}

static int un_accept(struct sock *s, struct sock **out, int nonblock)
{
	if (!s->acceptconn)
		return -EINVAL;
	while (!s->accq) {
		int r = uni_sock_block(s, nonblock, has_conn, s->rcvtimeo);
		if (r)
			return r;
	}
	struct sock *n = uni_sock_accq_pop(s);
	uni_net_counters.accepted++;
	*out = n;
	return 0;
}

static int un_connect(struct sock *s, const struct sockaddr *a, socklen_t len, int nonblock)
{
	(void)nonblock;   /* a connection is made at once or refused */
	char path[sizeof(struct sockaddr_un)];
	int n = path_of(a, len, path);
	if (n < 0)
		return n;
	if (s->connected)
		return -EISCONN;
	struct sock *l = find(path);
	if (!l || l->type != s->type) {
		struct uni_walk w;
		return uni_walk(AT_FDCWD, path, 0, &w) == 0 && w.node ? -ECONNREFUSED : -ENOENT;
	}
	if (l->accq_len >= l->backlog)
		return -EAGAIN;   /* as Linux for a full AF_UNIX backlog */
	struct sock *srv;
	int r = uni_unix_socket(s->type, &srv);
	if (r)
		return r;
	s->peer = srv;
	srv->peer = s;
	s->connected = srv->connected = 1;
	uni_sock_accq_push(l, srv);
	return 0;
}

struct room { struct sock *s; size_t need; };

static int has_room(void *arg)
{
	struct room *r = arg;
	struct sock *p = r->s->peer;
	return !p || p->shut_rd || p->dq_bytes + r->need <= (size_t)p->rcvbuf;
}

static int room_cond(void *arg)
{
	return has_room(arg);
}

static ssize_t un_send(struct sock *s, const struct iovec *iov, int iovcnt, int flags, const struct sockaddr *to, socklen_t tolen, int nonblock)
{
	(void)to, (void)tolen;
	size_t len = uni_iov_len(iov, iovcnt), done = 0;
	if (!s->connected)
		return s->type == SOCK_DGRAM ? -EDESTADDRREQ : -ENOTCONN;
	if (s->type == SOCK_DGRAM && len > (size_t)s->sndbuf)
		return -EMSGSIZE;
	/* A single chunk takes at most 64 KiB of a stream; a datagram goes whole. */
	while (done < len || (len == 0 && s->type == SOCK_DGRAM && done == 0)) {
		struct sock *p = s->peer;
		if (!p || p->shut_rd || s->shut_wr) {
			if (done)
				break;
			return uni_sock_epipe(flags);
		}
		size_t k = s->type == SOCK_DGRAM ? len : (len - done > 65536 ? 65536 : len - done);
		struct room r = { s, s->type == SOCK_DGRAM ? k : 1 };
		if (!has_room(&r)) {
			if (done)
				break;
			int e = uni_sock_block(s, nonblock, room_cond, s->sndtimeo);
			if (e)
				return e;
			continue;
		}
		if (s->type == SOCK_STREAM && p->dq_bytes + k > (size_t)p->rcvbuf)
			k = (size_t)p->rcvbuf - p->dq_bytes;
		struct dgram *d = uni_kalloc(sizeof *d + k);
		if (!d)
			return done ? (ssize_t)done : -ENOBUFS;
		d->len = k;
		d->from.ss_family = AF_UNIX;
		d->fromlen = sizeof(sa_family_t);
		/* The part of the iovec from 'done'. */
		size_t skip = done, got = 0;
		for (int i = 0; i < iovcnt && got < k; i++) {
			if (skip >= iov[i].iov_len) {
				skip -= iov[i].iov_len;
				continue;
			}
			size_t c = iov[i].iov_len - skip < k - got ? iov[i].iov_len - skip : k - got;
			memcpy(d->data + got, (char *)iov[i].iov_base + skip, c);
			got += c;
			skip = 0;
		}
		*p->dq_tail = d;
		p->dq_tail = &d->next;
		p->dq_bytes += k;
		done += k;
		uni_sock_wake(p);
		if (s->type == SOCK_DGRAM)
			break;
	}
	return (ssize_t)done;
}

static int readable(void *arg)
{
	struct sock *s = arg;
	return s->dq || !s->peer || s->rx_eof || s->shut_rd;
}

static void pop(struct sock *s)
{
	struct dgram *d = s->dq;
	s->dq = d->next;
	if (!s->dq)
		s->dq_tail = &s->dq;
	s->dq_bytes -= d->len - s->rx_off;
	s->rx_off = 0;
	uni_kfree(d, sizeof *d + d->len);
}

static ssize_t un_recv(struct sock *s, const struct iovec *iov, int iovcnt, int flags, struct sockaddr *from, socklen_t *fromlen, int nonblock)
{
	size_t len = uni_iov_len(iov, iovcnt), done = 0;
	if (from && fromlen) {
		struct sockaddr_un un = { .sun_family = AF_UNIX };
		socklen_t k = *fromlen < (socklen_t)sizeof(sa_family_t) ? *fromlen : (socklen_t)sizeof(sa_family_t);
		memcpy(from, &un, k);
		*fromlen = sizeof(sa_family_t);
	}
	if (!s->connected && s->type == SOCK_STREAM)
		return -ENOTCONN;
	while (!s->dq) {
		if (!s->peer || s->rx_eof || s->shut_rd)
			return 0;
		int r = uni_sock_block(s, nonblock, readable, s->rcvtimeo);
		if (r)
			return r;
	}
	if (s->type == SOCK_DGRAM) {
		struct dgram *d = s->dq;
		size_t n = uni_iov_to(iov, iovcnt, d->data, d->len);
		ssize_t r = (flags & MSG_TRUNC) ? (ssize_t)d->len : (ssize_t)n;
		if (!(flags & MSG_PEEK))
			pop(s);
		if (s->peer)
			uni_sock_wake(s->peer);
		return r;
	}
	size_t off = s->rx_off;
	struct dgram *d = s->dq;
	int vi = 0;
	size_t vo = 0;
	while (d && done < len) {
		size_t k = d->len - off < len - done ? d->len - off : len - done;
		size_t c0 = 0;
		while (c0 < k && vi < iovcnt) {
			size_t room = iov[vi].iov_len - vo, c = k - c0 < room ? k - c0 : room;
			memcpy((char *)iov[vi].iov_base + vo, d->data + off + c0, c);
			c0 += c;
			vo += c;
			if (vo == iov[vi].iov_len) {
				vi++;
				vo = 0;
			}
		}
		done += k;
		off += k;
		if (off == d->len) {
			d = d->next;
			off = 0;
			if (!(flags & MSG_PEEK))
				pop(s);
		} else if (!(flags & MSG_PEEK)) {
			s->dq_bytes -= k;
			s->rx_off = off;
		}
	}
	if (s->peer)
		uni_sock_wake(s->peer);
	return (ssize_t)done;
}

static int un_shutdown(struct sock *s, int how)
{
	if (!s->connected)
		return -ENOTCONN;
	if (how != SHUT_WR)
		s->shut_rd = 1;
	if (how != SHUT_RD) {
		s->shut_wr = 1;
		if (s->peer) {
			s->peer->rx_eof = 1;
			uni_sock_wake(s->peer);
		}
	}
	uni_sock_wake(s);
	return 0;
}

static int un_name(struct sock *s, struct sockaddr *a, socklen_t *len, int peer)
{
	if (peer && !s->connected)
		return -ENOTCONN;
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	const struct sock *o = peer ? s->peer : s;
	socklen_t n = sizeof(sa_family_t);
	if (o && o->path) {
		memcpy(un.sun_path, o->path, o->path_len);
		n += (socklen_t)o->path_len;
	}
	socklen_t k = *len < n ? *len : n;
	memcpy(a, &un, k);
	*len = n;
	return 0;
}

static unsigned un_poll(struct sock *s)
{
	if (s->acceptconn)
		return s->accq ? POLLIN | POLLRDNORM : 0;
	unsigned r = 0;
	if (s->dq || s->rx_eof || s->shut_rd || (s->connected && !s->peer))
		r |= POLLIN | POLLRDNORM;
	struct room room = { s, 1 };
	if (s->connected && s->peer && !s->shut_wr && has_room(&room))
		r |= POLLOUT | POLLWRNORM;
	if (s->connected && !s->peer)
		r |= POLLHUP;
	return r;
}

static size_t un_nread(struct sock *s)
{
	if (s->type == SOCK_DGRAM)
		return s->dq ? s->dq->len : 0;
	return s->dq_bytes;
}

static int un_setopt(struct sock *s, int level, int name, const void *v, socklen_t len)
{
	(void)s, (void)name, (void)v, (void)len;
	return level == SOL_SOCKET ? 0 : -ENOPROTOOPT;
}

static int un_getopt(struct sock *s, int level, int name, void *v, socklen_t *len)
{
	(void)s, (void)level, (void)name, (void)v, (void)len;
	return -ENOPROTOOPT;
}

static void un_close(struct sock *s)
{
	if (s->acceptconn) {
		for (int i = 0; i < 64; i++)
			if (listeners[i] == s)
				listeners[i] = 0;
		while (s->accq) {
			struct sock *n = uni_sock_accq_pop(s);
			if (n->peer) {   /* the connecting end sees the connection reset */
				n->peer->peer = 0;
				n->peer->rx_eof = 1;
				uni_sock_wake(n->peer);
			}
			n->peer = 0;
			un_close(n);
		}
	}
	if (s->peer) {
		s->peer->peer = 0;
		s->peer->rx_eof = 1;
		uni_sock_wake(s->peer);
	}
	while (s->dq) {
		struct dgram *d = s->dq;
		s->dq = d->next;
		uni_kfree(d, sizeof *d + d->len);
	}
	if (s->path)
		uni_kfree(s->path, s->path_len);
	uni_sock_free(s);
}

static const struct sock_ops unix_ops = {
	.bind = un_bind, .listen = un_listen, .accept = un_accept, .connect = un_connect,
	.send = un_send, .recv = un_recv, .shutdown = un_shutdown, .name = un_name,
	.poll = un_poll, .nread = un_nread, .setopt = un_setopt, .getopt = un_getopt,
	.close = un_close,
};
