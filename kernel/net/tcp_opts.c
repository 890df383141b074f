/* TCP's socket options (setsockopt/getsockopt at IPPROTO_TCP, and the SOL_SOCKET ones lwIP's pcb
 * keeps a copy of): the option values live in struct sock, and apply to the pcb when there is
 * one. The rest of TCP is tcp.c. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include "lwip/tcp.h"
#include "net/net.h"

/* TCP_DEFER_ACCEPT as Linux stores it: SYN-ACK retransmissions (1 s doubling, 120 s cap)
 * covering the seconds asked for, reported back as the seconds they cover. */
static int defer_secs(int secs)
{
	if (secs <= 0)
		return 0;
	int period = 1, timeout = 1, total = 1;
	while (secs > period && period < 255 * 120) {
		timeout = timeout * 2 > 120 ? 120 : timeout * 2;
		period += timeout;
		total = period;
	}
	return total;
}

/* Nagle follows TCP_NODELAY (TCP_CORK holds data back by itself: net/tcp_cork.c). */
static void apply_nagle(struct sock *s)
{
	if (!s->tcp || s->acceptconn)
		return;
	if (s->nodelay)
		tcp_nagle_disable(s->tcp);
	else
		tcp_nagle_enable(s->tcp);
}

int uni_tcp_setopt(struct sock *s, int level, int name, const void *v, socklen_t len)
{
	int on = len >= (socklen_t)sizeof(int) ? *(const int *)v : 0;
	if (level == IPPROTO_TCP) {
		if (len < (socklen_t)sizeof(int))
			return -EINVAL;
		switch (name) {
		case TCP_NODELAY:
			s->nodelay = !!on;
			apply_nagle(s);
			return 0;
		case TCP_CORK:
			s->cork = !!on;
			if (!on)
				uni_tcp_push(s);   /* uncorking sends what was held back */
			return 0;
		case TCP_DEFER_ACCEPT:
			/* Accepted; accept() still returns at the handshake, not at the first data. */
			s->defer_accept = defer_secs(on);
			return 0;
		case TCP_KEEPIDLE: case TCP_KEEPINTVL: case TCP_KEEPCNT:
			if (on < 1)
				return -EINVAL;
			if (s->tcp && !s->acceptconn) {
				if (name == TCP_KEEPIDLE)
					s->tcp->keep_idle = (u32_t)on * 1000;
				else if (name == TCP_KEEPINTVL)
					s->tcp->keep_intvl = (u32_t)on * 1000;
				else
					s->tcp->keep_cnt = (u32_t)on;
			}
			return 0;
		}
		return -ENOPROTOOPT;
	}
	/* SOL_SOCKET options the generic layer stored; apply them to the pcb. */
	if (s->tcp) {
		if (name == SO_KEEPALIVE) {
			if (s->keepalive)
				ip_set_option(s->tcp, SOF_KEEPALIVE);
			else
				ip_reset_option(s->tcp, SOF_KEEPALIVE);
		} else if (name == SO_REUSEADDR) {
			if (s->reuseaddr)
				ip_set_option(s->tcp, SOF_REUSEADDR);
			else
				ip_reset_option(s->tcp, SOF_REUSEADDR);
		}
	}
	return 0;
}

int uni_tcp_getopt(struct sock *s, int level, int name, void *v, socklen_t *len)
{
	if (level != IPPROTO_TCP)
		return -ENOPROTOOPT;
	int val;
	switch (name) {
	case TCP_NODELAY: val = s->nodelay; break;
	case TCP_CORK: val = s->cork; break;
	case TCP_DEFER_ACCEPT: val = s->defer_accept; break;
	case TCP_MAXSEG: val = TCP_MSS; break;
	case TCP_KEEPIDLE: val = s->tcp ? (int)(s->tcp->keep_idle / 1000) : 7200; break;
	case TCP_KEEPINTVL: val = s->tcp ? (int)(s->tcp->keep_intvl / 1000) : 75; break;
	case TCP_KEEPCNT: val = s->tcp ? (int)s->tcp->keep_cnt : 9; break;
	default: return -ENOPROTOOPT;
	}
	socklen_t n = *len < (socklen_t)sizeof val ? *len : (socklen_t)sizeof val;
	memcpy(v, &val, n);
	*len = n;
	return 0;
}
