/* lwIP network interfaces over the NICs: frames from the device into lwIP's Ethernet input,
 * lwIP's output frames (pbuf chains) into the device's transmit queue. */
#include <string.h>
#include "lwip/etharp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/stats.h"
#include "lwip/priv/tcp_priv.h"   /* tcp_txnow */
#include "netif/ethernet.h"
#include "uni/kmem.h"
#include "uni/nic.h"
#include "net/net_netif.h"

#define MAX_FRAGS 32

/* A frame the NIC refused (its transmit ring stayed full): lwIP keeps such a TCP segment queued
 * and flags its connection, but sends it again only when told (tcp_txnow) or on the next ACK. */
static int tx_refused;

static err_t linkoutput(struct netif *nif, struct pbuf *p)
{
	struct uni_nic *nic = nif->state;
	struct uni_frag frags[MAX_FRAGS];
	unsigned char flat[UNI_NIC_BUF];
	int n = 0;
	struct pbuf *q;
	for (q = p; q && n < MAX_FRAGS; q = q->next)
		frags[n++] = (struct uni_frag){ q->payload, q->len };
	if (q) {   /* a long chain: flatten it */
		if (p->tot_len > sizeof flat)
			return ERR_MEM;
		pbuf_copy_partial(p, flat, p->tot_len, 0);
		frags[0] = (struct uni_frag){ flat, p->tot_len };
		n = 1;
	}
	if (uni_nic_send(nic, frags, n)) {
		tx_refused = 1;
		return ERR_MEM;
	}
	return ERR_OK;
}

static err_t init(struct netif *nif)
{
	struct uni_nic *nic = nif->state;
	nif->name[0] = 'e';
	nif->name[1] = 'n';
	nif->output = etharp_output;
	nif->linkoutput = linkoutput;
	nif->mtu = 1500;
	nif->hwaddr_len = 6;
	memcpy(nif->hwaddr, nic->mac, 6);
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
	return ERR_OK;
}

/* lwIP's ethernet_input checks only that an ARP frame is longer than its Ethernet header, and
 * etharp_input then reads all 28 bytes of the ARP header: from a truncated frame it would read
 * stale bytes of a recycled pool buffer as the opcode and addresses (tests/net/tap.test,
 * arp-truncated). Such frames are dropped here and counted as lwIP would count them. */
static int arp_truncated(const unsigned char *f, size_t len)
{
	enum { ETH_HDR = 14, ARP_HDR = 28 };
	return len >= ETH_HDR && f[12] == 0x08 && f[13] == 0x06 && len < ETH_HDR + ARP_HDR;
}

static void deliver(struct uni_nic *nic, const void *frame, size_t len)
{
	struct netif *nif = nic->netif;
	if (arp_truncated(frame, len)) {
		ETHARP_STATS_INC(etharp.lenerr);
		ETHARP_STATS_INC(etharp.drop);
		return;
	}
	struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
	if (!p) {
		nic->stats.rx_dropped++;
		return;
	}
	uni_time_wait_reuse(frame, len);
	pbuf_take(p, frame, (u16_t)len);
	if (nif->input(p, nif) != ERR_OK)
		pbuf_free(p);
}

struct netif *uni_netif_add(struct uni_nic *nic)
{
	struct netif *nif = uni_kalloc(sizeof *nif);
	if (!nif)
		return 0;
	nic->netif = nif;
	if (!netif_add(nif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, nic, init, ethernet_input)) {
		uni_kfree(nif, sizeof *nif);
		nic->netif = 0;
		return 0;
	}
	netif_set_up(nif);
	return nif;
}

int uni_netif_receive(int budget)
{
	int more = 0;
	if (tx_refused) {
		tx_refused = 0;
		tcp_txnow();
	}
	for (struct uni_nic *nic = uni_nics; nic; nic = nic->next)
		if (nic->netif && uni_nic_receive(nic, deliver, budget) == budget)
			more = 1;
	return more;
}
