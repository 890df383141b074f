/* The third step of the handshakes passt leaves out. Debian 12's passt (0.0~git20230309) opens a
 * forwarded connection towards the guest with a SYN and, on the guest's SYN-ACK, counts the
 * connection as established on its side without acknowledging it; its first ACK rides on the
 * host client's first data. A server that speaks first (SSH, SMTP, a database's greeting)
 * never sees such a connection: lwIP holds it in SYN_RCVD and accept() waits. passt has
 * already accepted the host's connection, so its handshake is in fact complete; with
 * uni.passt=1 (uni-run says so when the first NIC is passt's) the runtime feeds lwIP the ACK
 * passt would have sent, once per such connection. A later passt that sends its own ACK
 * makes ours a harmless duplicate (or finds the connection already established). */
#include <string.h>
#include "lwip/etharp.h"
#include "lwip/inet_chksum.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/prot/ethernet.h"
#include "lwip/prot/ip4.h"
#include "lwip/prot/tcp.h"
#include "net/net_netif.h"
#include "uni/nic.h"
#include "uni/runtime.h"

enum { ETH = SIZEOF_ETH_HDR, IP = IP_HLEN, TCP = TCP_HLEN };

/* How long after its SYN-ACK a connection gets the ACK: passt drops the guest's first data when
 * it arrives in the same batch as the SYN-ACK (a greeting sent at once after accept() was lost,
 * its retransmission ignored), and a client that speaks first completes the handshake itself
 * within that time. */
#define ACK_DELAY_MS 10

/* The ACK from pcb's peer that completes its handshake, as an Ethernet frame to nif. */
static struct pbuf *ack_frame(struct netif *nif, const struct tcp_pcb *pcb)
{
	struct pbuf *p = pbuf_alloc(PBUF_RAW, ETH + IP + TCP, PBUF_RAM);
	if (!p)
		return 0;
	memset(p->payload, 0, ETH + IP + TCP);
	struct eth_hdr *eth = p->payload;
	memcpy(&eth->dest, nif->hwaddr, ETH_HWADDR_LEN);
	memcpy(&eth->src, nif->hwaddr, ETH_HWADDR_LEN);
	eth->src.addr[5] ^= 1;   /* any other address: lwIP checks only the destination */
	eth->type = PP_HTONS(ETHTYPE_IP);

	struct ip_hdr *ip = (struct ip_hdr *)((u8_t *)p->payload + ETH);
	IPH_VHL_SET(ip, 4, IP / 4);
	IPH_LEN_SET(ip, lwip_htons(IP + TCP));
	IPH_TTL_SET(ip, 64);
	IPH_PROTO_SET(ip, IP_PROTO_TCP);
	ip4_addr_copy(ip->src, *ip_2_ip4(&pcb->remote_ip));
	ip4_addr_copy(ip->dest, *ip_2_ip4(&pcb->local_ip));
	IPH_CHKSUM_SET(ip, inet_chksum(ip, IP));

	struct tcp_hdr *th = (struct tcp_hdr *)((u8_t *)ip + IP);
	th->src = lwip_htons(pcb->remote_port);
	th->dest = lwip_htons(pcb->local_port);
	th->seqno = lwip_htonl(pcb->rcv_nxt);
	th->ackno = lwip_htonl(pcb->snd_nxt);
	TCPH_HDRLEN_FLAGS_SET(th, TCP / 4, TCP_ACK);
	/* The window the SYN offered (unscaled there), in the units this segment's is scaled by. */
	u32_t wnd = pcb->snd_wnd >> pcb->snd_scale;
	th->wnd = lwip_htons((u16_t)(wnd ? (wnd > 0xffff ? 0xffff : wnd) : 1));
	pbuf_remove_header(p, ETH + IP);
	th->chksum = ip_chksum_pseudo(p, IP_PROTO_TCP, TCP, ip_2_ip4(&pcb->remote_ip), ip_2_ip4(&pcb->local_ip));
	pbuf_add_header(p, ETH + IP);
	return p;
}

/* Connections in SYN_RCVD seen with their SYN-ACK sent: when, and whether they got their ACK
 * (one lwIP did not take is never fed again). A connection is known by its pcb, its peer's
 * port and its sequence number: a new one in the same memory differs in one of them (lwIP's
 * initial sequence number alone does not tell: it stays 6510 until its first 500 ms tick).
 * Room for twice a listen backlog of 128: a connection pushed out would be seen anew and
 * wait its delay again. */
#define TRACKED 256
static struct {
	const struct tcp_pcb *pcb;
	u16_t port;
	u32_t snd_nxt;
	uint64_t seen;
	int acked;
} tracked[TRACKED];
static unsigned tracked_next;

static int track(const struct tcp_pcb *pcb, uint64_t now)
{
	for (int i = 0; i < TRACKED; i++)
		if (tracked[i].pcb == pcb && tracked[i].port == pcb->remote_port && tracked[i].snd_nxt == pcb->snd_nxt)
			return i;
	int i = (int)(tracked_next++ % TRACKED);
	tracked[i].pcb = pcb, tracked[i].port = pcb->remote_port, tracked[i].snd_nxt = pcb->snd_nxt;
	tracked[i].seen = now, tracked[i].acked = 0;
	return i;
}

/* Whether pcb's SYN-ACK has left: lwIP has handed it on (it waits in unacked, not unsent) and
 * the peer's Ethernet address is known. Before the first ARP reply etharp holds the frame, and
 * keeps only the newest one: acknowledged early, the SYN-ACK would be replaced by the first
 * data and never sent, and passt resets a connection whose first segment is data. */
static int syn_ack_sent(struct netif *nif, const struct tcp_pcb *pcb)
{
	struct eth_addr *mac;
	const ip4_addr_t *ip;
	return !pcb->unsent && pcb->unacked && etharp_find_addr(nif, ip_2_ip4(&pcb->remote_ip), &mac, &ip) >= 0;
}

/* A connection of nif in SYN_RCVD whose SYN-ACK left ACK_DELAY_MS ago and that has not had
 * its ACK; or NULL, with *next set to when the next one is due (0: none waits). */
static struct tcp_pcb *due(struct netif *nif, uint64_t now, uint64_t *next)
{
	*next = 0;
	for (struct tcp_pcb *pcb = tcp_active_pcbs; pcb; pcb = pcb->next) {
		if (pcb->state != SYN_RCVD || !IP_IS_V4(&pcb->local_ip) ||
		    !ip4_addr_eq(ip_2_ip4(&pcb->local_ip), netif_ip4_addr(nif)) || !syn_ack_sent(nif, pcb))
			continue;
		int i = track(pcb, now);
		uint64_t at = tracked[i].seen + ACK_DELAY_MS * 1000000ull;
		if (tracked[i].acked)
			continue;
		if (now >= at) {
			tracked[i].acked = 1;
			return pcb;
		}
		if (!*next || at < *next)
			*next = at;
	}
	return 0;
}

uint64_t uni_passt_ack(void)
{
	if (!uni_boot_passt)
		return 0;
	struct netif *nif = 0;
	for (struct uni_nic *nic = uni_nics; nic; nic = nic->next)
		if (nic->index == 0)
			nif = nic->netif;
	if (!nif)
		return 0;
	/* Feeding a frame changes the list, so each one is looked for from its head. */
	uint64_t now = uni_clock_ns(), next;
	for (struct tcp_pcb *pcb; (pcb = due(nif, now, &next));) {
		struct pbuf *p = ack_frame(nif, pcb);
		if (!p)
			return 0;
		if (nif->input(p, nif) != ERR_OK)
			pbuf_free(p);
	}
	return next;
}
