/* TCP_CORK as Linux has it: while a socket is corked, a send leaves its last, partial segment
 * queued (full segments go); uncorking pushes it out whatever Nagle says, and so does the
 * network thread once it has waited CORK_MAX_MS. Servers cork around a response's header and
 * body (nginx's tcp_nopush, libmicrohttpd) so that both leave in one segment. */
#include "lwip/priv/tcp_priv.h"
#include "net/net.h"
#include "net/net_netif.h"
#include "uni/runtime.h"

#define CORK_MAX_MS 200   /* Linux's bound on holding corked data */

int uni_tcp_cork_holds(struct sock *s)
{
	struct tcp_pcb *p = s->tcp;
	if (!s->cork || !p || !p->unsent || p->unsent->next || p->unsent->len >= p->mss)
		return 0;
	if (!s->cork_since)
		s->cork_since = uni_clock_ns();
	return 1;
}

void uni_tcp_push(struct sock *s)
{
	s->cork_since = 0;
	if (!s->tcp || s->acceptconn)
		return;
	tcp_nagle_disable(s->tcp);
	tcp_output(s->tcp);
	if (!s->nodelay)
		tcp_nagle_enable(s->tcp);
}

void uni_tcp_cork_expire(void)
{
	uint64_t now = uni_clock_ns();
	for (struct tcp_pcb *p = tcp_active_pcbs; p; p = p->next) {
		struct sock *s = p->callback_arg;
		if (s && s->cork && s->cork_since && now - s->cork_since >= CORK_MAX_MS * 1000000ull)
			uni_tcp_push(s);
	}
}
