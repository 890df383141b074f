/* TCP sockets over lwIP's raw API. lwIP calls back (data, acks, new connections, errors) from
 * whichever thread runs it with the lock held; the callbacks queue and wake, and the socket
 * calls wait on the socket's queue. The listen backlog is lwIP's: a connection counts against
 * it until accept() takes it (tcp_backlog_delayed / tcp_backlog_accepted). Socket options:
 * tcp_opts.c. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include "lwip/tcp.h"
#include "net/inet.h"
#include "net/net.h"
#include "uni/kmem.h"

static const struct sock_ops tcp_ops;

static void rx_push(struct sock *s, struct pbuf *p)
{
	struct rxnode *n = uni_kalloc(sizeof *n);
	if (!n) {   /* no memory: drop it; the peer retransmits once we advertise the window */
		pbuf_free(p);
		return;
	}
	n->p = p;
	*s->rx_tail = n;
	s->rx_tail = &n->next;
	s->rx_bytes += p->tot_len;
}

static void rx_clear(struct sock *s)
{
	while (s->rx) {
		struct rxnode *n = s->rx;
		s->rx = n->next;
		pbuf_free(n->p);
		uni_kfree(n, sizeof *n);
	}
	s->rx_tail = &s->rx;
	s->rx_bytes = s->rx_off = 0;
}

/* Copies up to len unread bytes; consumes them unless peek. */
static size_t rx_take(struct sock *s, const struct iovec *iov, int iovcnt, size_t len, int peek)
{
	size_t done = 0, off = s->rx_off;
	struct rxnode *n = s->rx;
	int vi = 0;
	size_t vo = 0;
	while (n && done < len) {
		size_t k = n->p->tot_len - off;
		if (k > len - done)
			k = len - done;
		/* Into the iovec, piece by piece. */
		size_t left = k, src = off;
		while (left && vi < iovcnt) {
			size_t room = iov[vi].iov_len - vo, c = left < room ? left : room;
			pbuf_copy_partial(n->p, (char *)iov[vi].iov_base + vo, (u16_t)c, (u16_t)src);
			src += c;
			vo += c;
			left -= c;
			if (vo == iov[vi].iov_len) {
				vi++;
				vo = 0;
			}
		}
		done += k;
		off += k;
		if (off == n->p->tot_len) {
			n = n->next;
			off = 0;
		}
	}
	if (!peek) {
		while (s->rx && s->rx != n) {
			struct rxnode *d = s->rx;
			s->rx = d->next;
			pbuf_free(d->p);
			uni_kfree(d, sizeof *d);
		}
		if (!s->rx)
			s->rx_tail = &s->rx;
		s->rx_off = off;
		s->rx_bytes -= done;
		for (size_t left = done; left && s->tcp;) {
			u16_t c = left > 0xffff ? 0xffff : (u16_t)left;
			tcp_recved(s->tcp, c);
			left -= c;
		}
	}
	return done;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct sock *s = arg;
	(void)err;
	if (!s || (p && s->shut_rd)) {   /* closed or shut for reading: discard */
		if (p) {
			tcp_recved(pcb, p->tot_len);
			pbuf_free(p);
		}
		return ERR_OK;
	}
	if (!p)
		s->rx_eof = 1;
	else
		rx_push(s, p);
	uni_sock_wake(s);
	return ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)pcb, (void)len;
	if (arg)
		uni_sock_wake(arg);
	return ERR_OK;
}

/* The pcb is gone (reset, aborted, timed out). */
static void on_err(void *arg, err_t err)
{
	struct sock *s = arg;
	if (!s)
		return;
	s->tcp = 0;
	if (err == ERR_RST)
		uni_net_counters.resets++;
	s->error = s->connecting ? (err == ERR_RST ? ECONNREFUSED : ETIMEDOUT) : uni_lwip_errno(err);
	s->connecting = 0;
	s->rx_eof = 1;
	uni_sock_wake(s);
}

static void attach(struct sock *s, struct tcp_pcb *pcb)
{
	s->tcp = pcb;
	tcp_arg(pcb, s);
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_err(pcb, on_err);
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *l = arg;
	if (err != ERR_OK || !pcb || !l)
		return ERR_VAL;
	struct sock *s = uni_sock_new(AF_INET, SOCK_STREAM, IPPROTO_TCP, &tcp_ops);
	if (!s) {
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	attach(s, pcb);
	s->connected = 1;
	s->nodelay = l->nodelay;
	s->keepalive = l->keepalive;
	if (s->nodelay)
		tcp_nagle_disable(pcb);
	if (s->keepalive)
		ip_set_option(pcb, SOF_KEEPALIVE);
	tcp_backlog_delayed(pcb);   /* counts against the backlog until accept() */
	s->listener = l;
	uni_sock_accq_push(l, s);
	return ERR_OK;
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *s = arg;
	(void)pcb;
	if (s) {
		s->connecting = 0;
		s->connected = err == ERR_OK;
		uni_sock_wake(s);
	}
	return ERR_OK;
}

int uni_tcp_socket(struct sock **out)
{
	struct tcp_pcb *pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
	if (!pcb)
		return -ENOMEM;
	struct sock *s = uni_sock_new(AF_INET, SOCK_STREAM, IPPROTO_TCP, &tcp_ops);
	if (!s) {
		tcp_close(pcb);
		return -ENOMEM;
	}
	attach(s, pcb);
	*out = s;
	return 0;
}

static int tcp_bind_(struct sock *s, const struct sockaddr *a, socklen_t len)
{
	ip_addr_t ip;
	u16_t port;
	int r = uni_inet_from(a, len, &ip, &port);
	if (r)
		return r;
	if (!s->tcp || s->tcp->state != CLOSED || s->tcp->local_port)
		return -EINVAL;
	if (s->reuseaddr)
		ip_set_option(s->tcp, SOF_REUSEADDR);
	err_t e = tcp_bind(s->tcp, &ip, port);
	return e == ERR_OK ? 0 : e == ERR_USE ? -EADDRINUSE : -uni_lwip_errno(e);
}

static int tcp_listen_(struct sock *s, int backlog)
{
	if (s->acceptconn) {
		s->backlog = backlog;
		return 0;
	}
	if (!s->tcp || s->connected || s->connecting)
		return -EINVAL;
	if (!s->tcp->local_port && tcp_bind(s->tcp, IP4_ADDR_ANY, 0) != ERR_OK)
		return -EADDRINUSE;
	/* lwIP keeps the backlog in a u8_t. */
	u8_t b = backlog < 1 ? 1 : backlog > 255 ? 255 : (u8_t)backlog;
	err_t e;
	struct tcp_pcb *l = tcp_listen_with_backlog_and_err(s->tcp, b, &e);
	if (!l)
		return -uni_lwip_errno(e);
	s->tcp = l;   /* the old pcb was freed by lwIP */
	tcp_arg(l, s);
	tcp_accept(l, on_accept);
	s->acceptconn = 1;
	s->backlog = b;
	return 0;
}

static int has_conn(void *arg)
{
	struct sock *s = arg;
	return s->accq || s->error || !s->tcp || s->shut_rd;
}

static int tcp_accept_(struct sock *s, struct sock **out, int nonblock)
{
	if (!s->acceptconn || s->shut_rd)
		return -EINVAL;
	while (!s->accq) {
		int r = uni_sock_block(s, nonblock, has_conn, s->rcvtimeo);
		if (r)
			return r;
		if (s->shut_rd)
			return -EINVAL;
	}
	struct sock *n = uni_sock_accq_pop(s);
	n->listener = 0;
	if (n->tcp)
		tcp_backlog_accepted(n->tcp);
	uni_net_counters.accepted++;
	*out = n;
	return 0;
}

static int not_connecting(void *arg)
{
	return !((struct sock *)arg)->connecting;
}

static int tcp_connect_(struct sock *s, const struct sockaddr *a, socklen_t len, int nonblock)
{
	ip_addr_t ip;
	u16_t port;
	int r = uni_inet_from(a, len, &ip, &port);
	if (r)
		return r;
	if (s->acceptconn)
		return -EINVAL;
	if (s->connected)
		return -EISCONN;
	if (s->connecting)
		return -EALREADY;
	if (!s->tcp)
		return s->error ? -s->error : -EINVAL;
	if (s->reuseaddr)
		ip_set_option(s->tcp, SOF_REUSEADDR);
	s->error = 0;
	err_t e = tcp_connect(s->tcp, &ip, port, on_connected);
	if (e != ERR_OK)
		return -uni_lwip_errno(e);
	s->connecting = 1;
	if (nonblock)
		return -EINPROGRESS;
	r = uni_sock_wait(s, not_connecting, s->sndtimeo);
	if (r)
		return r == -EAGAIN ? -EINPROGRESS : r;
	if (!s->connected) {
		r = s->error ? s->error : ECONNREFUSED;
		s->error = 0;
		return -r;
	}
	return 0;
}

static int can_send(void *arg)
{
	struct sock *s = arg;
	return !s->tcp || s->error || (tcp_sndbuf(s->tcp) > 0 && tcp_sndqueuelen(s->tcp) < TCP_SND_QUEUELEN);
}

static ssize_t tcp_send_(struct sock *s, const struct iovec *iov, int iovcnt, int flags, const struct sockaddr *to, socklen_t tolen, int nonblock)
{
	(void)to, (void)tolen;   /* ignored for a connected stream, as Linux does */
	size_t total = uni_iov_len(iov, iovcnt), done = 0;
	if (s->connecting)
		return -ENOTCONN;   /* Linux waits for the handshake; we report it instead */
	if (!s->connected && !s->error) {
		/* As Linux: sending on a socket that never connected is EPIPE (and SIGPIPE). */
		return uni_sock_epipe(flags);
	}
	int vi = 0;
	size_t vo = 0;
	while (done < total) {
		if (!s->tcp || s->shut_wr || s->error) {
			if (done)
				break;
			if (s->error && s->error != EPIPE) {
				int e = s->error;
				s->error = 0;
				return -e;
			}
			return uni_sock_epipe(flags);
		}
		if (!can_send(s)) {
			tcp_output(s->tcp);
			if (done)
				break;
			int r = uni_sock_block(s, nonblock, can_send, s->sndtimeo);
			if (r)
				return r;
			continue;
		}
		size_t room = tcp_sndbuf(s->tcp), k = iov[vi].iov_len - vo;
		if (k > room)
			k = room;
		if (k > 0xffff)
			k = 0xffff;
		u8_t wf = TCP_WRITE_FLAG_COPY | (done + k < total ? TCP_WRITE_FLAG_MORE : 0);
		err_t e = tcp_write(s->tcp, (const char *)iov[vi].iov_base + vo, (u16_t)k, wf);
		if (e == ERR_MEM) {   /* segment queue full: wait for acknowledgements */
			tcp_output(s->tcp);
			if (done)
				return (ssize_t)done;
			int r = uni_sock_block(s, nonblock, can_send, s->sndtimeo);
			if (r)
				return r;
			continue;
		}
		if (e != ERR_OK)
			return done ? (ssize_t)done : -uni_lwip_errno(e);
		done += k;
		vo += k;
		while (vi < iovcnt && vo == iov[vi].iov_len) {
			vi++;
			vo = 0;
		}
	}
	if (s->tcp && !uni_tcp_cork_holds(s))
		tcp_output(s->tcp);
	return (ssize_t)done;
}

static int readable(void *arg)
{
	struct sock *s = arg;
	return s->rx_bytes || s->rx_eof || s->shut_rd || s->error || !s->tcp;
}

static ssize_t tcp_recv_(struct sock *s, const struct iovec *iov, int iovcnt, int flags, struct sockaddr *from, socklen_t *fromlen, int nonblock)
{
	size_t len = uni_iov_len(iov, iovcnt), done = 0;
	if (s->acceptconn)
		return -ENOTCONN;
	if (!s->connected && !s->rx_eof && !s->error)
		return -ENOTCONN;
	if (from && fromlen)
		*fromlen = 0;
	if (!len)
		return 0;
	for (;;) {
		if (s->rx_bytes) {
			struct iovec rest[64];
			int n = 0;
			/* The part of the iovec not filled yet (MSG_WAITALL loops). */
			size_t skip = done;
			for (int i = 0; i < iovcnt && n < 64; i++) {
				if (skip >= iov[i].iov_len) {
					skip -= iov[i].iov_len;
					continue;
				}
				rest[n++] = (struct iovec){ (char *)iov[i].iov_base + skip, iov[i].iov_len - skip };
				skip = 0;
			}
			done += rx_take(s, rest, n, len - done, flags & MSG_PEEK);
			if (done == len || !(flags & MSG_WAITALL) || (flags & MSG_PEEK))
				return (ssize_t)done;
		}
		if (s->rx_eof || s->shut_rd || !s->tcp) {
			if (done)
				return (ssize_t)done;
			if (s->error && s->error != EPIPE) {
				int e = s->error;
				s->error = 0;
				return -e;
			}
			return 0;
		}
		if (done)
			return (ssize_t)done;
		int r = uni_sock_block(s, nonblock, readable, s->rcvtimeo);
		if (r)
			return r;
	}
}

static int tcp_shutdown_(struct sock *s, int how)
{
	if (s->acceptconn) {
		/* As Linux: shutting down a listener stops it and wakes its waiters (libmicrohttpd
		 * stops its polling thread this way); accept() then fails with EINVAL. */
		if (how != SHUT_WR)
			s->shut_rd = 1;
		uni_sock_wake(s);
		return 0;
	}
	if (!s->connected)
		return -ENOTCONN;
	if (how == SHUT_RD || how == SHUT_RDWR) {
		s->shut_rd = 1;
		rx_clear(s);
	}
	if ((how == SHUT_WR || how == SHUT_RDWR) && !s->shut_wr) {
		s->shut_wr = 1;
		if (s->tcp)
			tcp_shutdown(s->tcp, 0, 1);
	}
	uni_sock_wake(s);
	return 0;
}

static int tcp_name_(struct sock *s, struct sockaddr *a, socklen_t *len, int peer)
{
	if (peer && (!s->connected || !s->tcp))
		return -ENOTCONN;
	if (!s->tcp) {
		uni_inet_to(0, 0, a, len);
		return 0;
	}
	if (peer)
		uni_inet_to(&s->tcp->remote_ip, s->tcp->remote_port, a, len);
	else
		uni_inet_to(&s->tcp->local_ip, s->tcp->local_port, a, len);
	return 0;
}

static unsigned tcp_poll_(struct sock *s)
{
	unsigned r = 0;
	if (s->acceptconn)
		return s->shut_rd ? POLLIN | POLLRDNORM | POLLHUP : s->accq ? POLLIN | POLLRDNORM : 0;
	if (s->rx_bytes)
		r |= POLLIN | POLLRDNORM;
	if (s->rx_eof || s->shut_rd)
		r |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (s->error)
		r |= POLLERR;
	if (s->connected && s->tcp && !s->shut_wr && can_send(s))
		r |= POLLOUT | POLLWRNORM;
	if ((s->rx_eof && (s->shut_wr || !s->tcp)) || (!s->tcp && (s->connected || s->error)))
		r |= POLLHUP;
	if (s->error && !s->connecting)
		r |= POLLOUT;   /* a failed non-blocking connect reports through writability */
	if (!s->tcp && !s->connected && !s->error)
		r |= POLLOUT | POLLHUP;
	return r;
}

static size_t tcp_nread_(struct sock *s)
{
	return s->rx_bytes;
}

static void tcp_close_(struct sock *s)
{
	if (s->acceptconn) {
		while (s->accq) {   /* connections nobody accepted: reset */
			struct sock *n = uni_sock_accq_pop(s);
			if (n->tcp) {
				tcp_arg(n->tcp, 0);
				tcp_abort(n->tcp);
			}
			rx_clear(n);
			uni_sock_free(n);
		}
		if (s->tcp) {
			tcp_arg(s->tcp, 0);
			tcp_close(s->tcp);
		}
	} else if (s->tcp) {
		struct tcp_pcb *pcb = s->tcp;
		tcp_arg(pcb, 0);
		/* As Linux: unread data or SO_LINGER with a zero timeout resets the connection. */
		if (s->rx_bytes || (s->linger.l_onoff && s->linger.l_linger == 0) || tcp_close(pcb) != ERR_OK)
			tcp_abort(pcb);
	}
	rx_clear(s);
	uni_sock_free(s);
}

static const struct sock_ops tcp_ops = {
	.bind = tcp_bind_, .listen = tcp_listen_, .accept = tcp_accept_, .connect = tcp_connect_,
	.send = tcp_send_, .recv = tcp_recv_, .shutdown = tcp_shutdown_, .name = tcp_name_,
	.poll = tcp_poll_, .nread = tcp_nread_, .setopt = uni_tcp_setopt, .getopt = uni_tcp_getopt,
	.close = tcp_close_,
};
