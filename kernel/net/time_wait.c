/* The runtime's TIME_WAIT policy on top of lwIP's: a client's new connection from a port whose
 * previous connection still waits here is accepted, and the list of waiting connections is
 * bounded. Both as Linux does it. */
#include <string.h>
#include "lwip/ip_addr.h"
#include "lwip/priv/tcp_priv.h"
#include "net/net.h"
#include "net/net_netif.h"

#define TIME_WAIT_MAX 1024

/* A connection the server closed first waits 2 × TCP_MSL (2 minutes) in TIME_WAIT. A client
 * that opens connections quickly (wrk with "Connection: close", or passt, which reuses the
 * host client's port towards the guest) comes back from the same port long before that.
 * lwIP answers such a SYN with an ACK or a RST, and the client's connection fails (wrk: read
 * errors; curl: exit 56). RFC 1122 (4.2.2.13) lets TIME_WAIT accept a SYN whose sequence
 * number is beyond the old connection's; Linux does, so the same program served natively
 * never fails this way. Called with a received Ethernet frame before lwIP sees it: for an
 * IPv4 SYN that qualifies, the waiting connection ends and the listener gets the SYN. */
void uni_time_wait_reuse(const unsigned char *f, size_t len)
{
	enum { ETH = 14, SYN = 0x02, RST = 0x04, ACK = 0x10 };
	if (len < ETH + 20 || f[12] != 0x08 || f[13] != 0x00)
		return;
	const unsigned char *ip = f + ETH;
	size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
	int fragment = ((ip[6] & 0x3f) | ip[7]) != 0;   /* MF set or an offset: not a whole header */
	if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != IP_PROTO_TCP || fragment || len < ETH + ihl + 20)
		return;
	const unsigned char *th = ip + ihl;
	if ((th[13] & (SYN | RST | ACK)) != SYN || !tcp_tw_pcbs)
		return;
	u16_t sport = (u16_t)(th[0] << 8 | th[1]), dport = (u16_t)(th[2] << 8 | th[3]);
	u32_t seq = (u32_t)th[4] << 24 | (u32_t)th[5] << 16 | (u32_t)th[6] << 8 | th[7];
	ip_addr_t src, dst;
	IP_ADDR4(&src, ip[12], ip[13], ip[14], ip[15]);
	IP_ADDR4(&dst, ip[16], ip[17], ip[18], ip[19]);
	for (struct tcp_pcb *p = tcp_tw_pcbs; p; p = p->next)
		if (p->remote_port == sport && p->local_port == dport &&
		    ip_addr_eq(&p->remote_ip, &src) && ip_addr_eq(&p->local_ip, &dst)) {
			if (TCP_SEQ_GT(seq, p->rcv_nxt)) {
				tcp_abort(p);   /* a TIME_WAIT pcb is only unlinked and freed: no RST */
				uni_net_counters.time_wait_reused++;
			}
			return;
		}
}

/* lwIP keeps TIME_WAIT connections in one list that tcp_input walks for every segment no
 * active connection claims, every new connection's SYN among them. Its own cap (kill the
 * oldest when a pool is empty) never acts here: pcbs come from the heap. At a few thousand
 * connections a second the list grew to tens of thousands and the connection rate fell from
 * ~2,200/s to ~270/s within 6 s (bench/net.sh over tap). Like Linux's tcp_max_tw_buckets,
 * the oldest beyond TIME_WAIT_MAX end early (new ones are at the head). */
void uni_time_wait_trim(void)
{
	struct tcp_pcb *p = tcp_tw_pcbs;
	for (int n = 1; p && n < TIME_WAIT_MAX; n++)
		p = p->next;
	while (p && p->next)
		tcp_abort(p->next);
}
