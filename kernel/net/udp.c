/* UDP sockets over lwIP's raw API: each received datagram is copied into the socket's queue
 * (bounded by SO_RCVBUF; beyond it datagrams are dropped and counted, as a full Linux socket
 * buffer drops them). */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include "lwip/udp.h"
#include "net/inet.h"
#include "net/net.h"
#include "uni/kmem.h"

#define UDP_MAX 65507

static const struct sock_ops udp_ops;

static void on_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
	struct sock *s = arg;
	(void)pcb;
	struct dgram *d = 0;
	if (s && s->dq_bytes + p->tot_len <= (size_t)s->rcvbuf)
		d = uni_kalloc(sizeof *d + p->tot_len);
	if (!d) {
		uni_net_counters.udp_dropped++;
		pbuf_free(p);
		return;
	}
	d->len = p->tot_len;
	pbuf_copy_partial(p, d->data, p->tot_len, 0);
	pbuf_free(p);
	d->fromlen = sizeof d->from;
	uni_inet_to(addr, port, (struct sockaddr *)&d->from, &d->fromlen);
	*s->dq_tail = d;
	s->dq_tail = &d->next;
	s->dq_bytes += d->len;
	uni_sock_wake(s);
}

int uni_udp_socket(struct sock **out)
{
	struct udp_pcb *pcb = udp_new_ip_type(IPADDR_TYPE_V4);
	if (!pcb)
		return -ENOMEM;
	struct sock *s = uni_sock_new(AF_INET, SOCK_DGRAM, IPPROTO_UDP, &udp_ops);
	if (!s) {
		udp_remove(pcb);
		return -ENOMEM;
	}
	s->udp = pcb;
	udp_recv(pcb, on_recv, s);
	*out = s;
	return 0;
}

static int udp_bind_(struct sock *s, const struct sockaddr *a, socklen_t len)
{
	ip_addr_t ip;
	u16_t port;
	int r = uni_inet_from(a, len, &ip, &port);
	if (r)
		return r;
	if (s->udp->local_port)
		return -EINVAL;
	if (s->reuseaddr)
		ip_set_option(s->udp, SOF_REUSEADDR);
	err_t e = udp_bind(s->udp, &ip, port);
	return e == ERR_USE ? -EADDRINUSE : -uni_lwip_errno(e);
}

static int udp_connect_(struct sock *s, const struct sockaddr *a, socklen_t len, int nonblock)
{
	(void)nonblock;
	if (a && len >= (socklen_t)sizeof(sa_family_t) && a->sa_family == AF_UNSPEC) {
		udp_disconnect(s->udp);
		s->connected = 0;
		return 0;
	}
	ip_addr_t ip;
	u16_t port;
	int r = uni_inet_from(a, len, &ip, &port);
	if (r)
		return r;
	err_t e = udp_connect(s->udp, &ip, port);
	if (e != ERR_OK)
		return -uni_lwip_errno(e);
	s->connected = 1;
	return 0;
}

static ssize_t udp_send_(struct sock *s, const struct iovec *iov, int iovcnt, int flags, const struct sockaddr *to, socklen_t tolen, int nonblock)
{
	(void)flags, (void)nonblock;
	size_t len = uni_iov_len(iov, iovcnt);
	ip_addr_t ip;
	u16_t port;
	if (to) {
		int r = uni_inet_from(to, tolen, &ip, &port);
		if (r)
			return r;
	} else if (!s->connected) {
		return -EDESTADDRREQ;
	}
	if (len > UDP_MAX)
		return -EMSGSIZE;
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);
	if (!p)
		return -ENOBUFS;
	uni_iov_from(p->payload, iov, iovcnt, len);
	err_t e = to ? udp_sendto(s->udp, p, &ip, port) : udp_send(s->udp, p);
	pbuf_free(p);
	return e == ERR_OK ? (ssize_t)len : -uni_lwip_errno(e);
}

static int readable(void *arg)
{
	return ((struct sock *)arg)->dq != 0;
}

static ssize_t udp_recv_(struct sock *s, const struct iovec *iov, int iovcnt, int flags, struct sockaddr *from, socklen_t *fromlen, int nonblock)
{
	while (!s->dq) {
		int r = uni_sock_block(s, nonblock, readable, s->rcvtimeo);
		if (r)
			return r;
	}
	struct dgram *d = s->dq;
	size_t n = uni_iov_to(iov, iovcnt, d->data, d->len);
	if (from && fromlen) {
		socklen_t k = *fromlen < d->fromlen ? *fromlen : d->fromlen;
		memcpy(from, &d->from, k);
		*fromlen = d->fromlen;
	}
	ssize_t r = (flags & MSG_TRUNC) ? (ssize_t)d->len : (ssize_t)n;
	if (!(flags & MSG_PEEK)) {
		s->dq = d->next;
		if (!s->dq)
			s->dq_tail = &s->dq;
		s->dq_bytes -= d->len;
		uni_kfree(d, sizeof *d + d->len);
	}
	return r;
}

static int udp_name_(struct sock *s, struct sockaddr *a, socklen_t *len, int peer)
{
	if (peer) {
		if (!s->connected)
			return -ENOTCONN;
		uni_inet_to(&s->udp->remote_ip, s->udp->remote_port, a, len);
	} else {
		uni_inet_to(&s->udp->local_ip, s->udp->local_port, a, len);
	}
	return 0;
}

static unsigned udp_poll_(struct sock *s)
{
	return (s->dq ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM;
}

static size_t udp_nread_(struct sock *s)
{
	return s->dq ? s->dq->len : 0;   /* as Linux: the size of the next datagram */
}

static int udp_setopt_(struct sock *s, int level, int name, const void *v, socklen_t len)
{
	(void)v, (void)len;
	if (level == SOL_SOCKET && name == SO_REUSEADDR) {
		if (s->reuseaddr)
			ip_set_option(s->udp, SOF_REUSEADDR);
		else
			ip_reset_option(s->udp, SOF_REUSEADDR);
	}
	return level == SOL_SOCKET ? 0 : -ENOPROTOOPT;
}

static int udp_getopt_(struct sock *s, int level, int name, void *v, socklen_t *len)
{
	(void)s, (void)level, (void)name, (void)v, (void)len;
	return -ENOPROTOOPT;
}

static int udp_shutdown_(struct sock *s, int how)
{
	if (!s->connected)
		return -ENOTCONN;
	if (how != SHUT_WR)
		s->shut_rd = 1;
	uni_sock_wake(s);
	return 0;
}

static void udp_close_(struct sock *s)
{
	udp_remove(s->udp);
	while (s->dq) {
		struct dgram *d = s->dq;
		s->dq = d->next;
		uni_kfree(d, sizeof *d + d->len);
	}
	uni_sock_free(s);
}

static int no_listen(struct sock *s, int backlog)
{
	(void)s, (void)backlog;
	return -EOPNOTSUPP;
}

static int no_accept(struct sock *s, struct sock **out, int nonblock)
{
	(void)s, (void)out, (void)nonblock;
	return -EOPNOTSUPP;
}

static const struct sock_ops udp_ops = {
	.bind = udp_bind_, .listen = no_listen, .accept = no_accept, .connect = udp_connect_,
	.send = udp_send_, .recv = udp_recv_, .shutdown = udp_shutdown_, .name = udp_name_,
	.poll = udp_poll_, .nread = udp_nread_, .setopt = udp_setopt_, .getopt = udp_getopt_,
	.close = udp_close_,
};
