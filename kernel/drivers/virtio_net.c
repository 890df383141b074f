/* The virtio-net driver (virtio 1.x, section 5.1) over either transport: one receive and one
 * transmit queue of UNI_NIC_QUEUE fixed 2 KiB buffers, frames copied in and out (no offloads
 * yet). Receive completions interrupt (IOAPIC line or MSI-X vector UNI_VEC_DEVICE); transmit
 * completions do not: used transmit buffers are reclaimed when the next frame is sent. */
#include <string.h>
#include "uni/console.h"
#include "uni/kmem.h"
#include "uni/nic.h"
#include "uni/runtime.h"

#define NET_F_MAC (1ull << 5)
#define NET_HDR 12          /* struct virtio_net_hdr with num_buffers (VERSION_1) */
#define TX_WAIT_NS 2000000  /* how long a send waits for the device to free a transmit buffer */

static const struct uni_nic_ops vnet_ops;

static void rx_post(struct uni_nic *nic, uint16_t id)
{
	nic->rx.desc[id].addr = uni_dma_addr(nic->rx_bufs + (size_t)id * UNI_NIC_BUF);
	nic->rx.desc[id].len = UNI_NIC_BUF;
	nic->rx.desc[id].flags = VQ_DESC_F_WRITE;
	uni_virtq_push(&nic->rx, id);
}

static int vnet_attach(struct uni_virtio_dev *d, int gsi, int msix)
{
	struct uni_nic *nic = uni_kalloc(sizeof *nic);
	if (!nic)
		return -1;
	nic->dev = *d;
	d = &nic->dev;
	uint64_t f = uni_virtio_negotiate(d, NET_F_MAC);
	if (!f || uni_virtq_init(d, &nic->rx, 0, UNI_NIC_QUEUE) || uni_virtq_init(d, &nic->tx, 1, UNI_NIC_QUEUE)) {
		uni_log("virtio-net %s: setup failed; the NIC is not used", d->where);
		return -1;
	}
	nic->rx_bufs = uni_mm_alloc((size_t)nic->rx.size * UNI_NIC_BUF);
	nic->tx_bufs = uni_mm_alloc((size_t)nic->tx.size * UNI_NIC_BUF);
	if (!nic->rx_bufs || !nic->tx_bufs) {
		uni_log("virtio-net %s: no memory for buffers; the NIC is not used", d->where);
		return -1;
	}
	if (f & NET_F_MAC)
		for (int i = 0; i < 6; i++)
			nic->mac[i] = d->t->config8(d, (unsigned)i);
	else {
		uni_random_bytes(nic->mac, 6);
		nic->mac[0] = (nic->mac[0] & 0xfe) | 0x02;   /* unicast, locally administered */
	}
	nic->tx.avail->flags = VQ_AVAIL_F_NO_INTERRUPT;
	for (uint16_t i = 0; i < nic->tx.size; i++)
		nic->tx_free[nic->tx_nfree++] = i;
	for (uint16_t i = 0; i < nic->rx.size; i++)
		rx_post(nic, i);
	uni_virtio_driver_ok(d);
	d->t->notify(d, &nic->rx);
	if (msix < 0)
		uni_ioapic_route(gsi);
	nic->ops = &vnet_ops;
	uni_nic_register(nic);
	return 0;
}

static void tx_reclaim(struct uni_nic *nic)
{
	uint32_t id, len;
	while (uni_virtq_pop(&nic->tx, &id, &len))
		if (id < nic->tx.size)
			nic->tx_free[nic->tx_nfree++] = (uint16_t)id;
}

static int vnet_send(struct uni_nic *nic, const struct uni_frag *frags, int n)
{
	size_t total = NET_HDR;
	for (int i = 0; i < n; i++)
		total += frags[i].len;
	if (!nic->tx_nfree)
		tx_reclaim(nic);
	/* A full ring means QEMU's device (another host thread) has not caught up yet, not that
	 * the link is gone: under load dropping here cost TCP retransmissions, tx_dropped in the
	 * thousands and p99 latencies of 200-350 ms over tap. Wait briefly for it instead. */
	if (!nic->tx_nfree && total <= UNI_NIC_BUF) {
		uint64_t t0 = uni_clock_ns();
		do {
			__builtin_ia32_pause();
			tx_reclaim(nic);
		} while (!nic->tx_nfree && uni_clock_ns() - t0 < TX_WAIT_NS);
	}
	if (!nic->tx_nfree || total > UNI_NIC_BUF) {
		nic->stats.tx_dropped++;
		return -1;
	}
	uint16_t id = nic->tx_free[--nic->tx_nfree];
	unsigned char *b = nic->tx_bufs + (size_t)id * UNI_NIC_BUF;
	memset(b, 0, NET_HDR);
	size_t off = NET_HDR;
	for (int i = 0; i < n; i++) {
		memcpy(b + off, frags[i].p, frags[i].len);
		off += frags[i].len;
	}
	nic->tx.desc[id].addr = uni_dma_addr(b);
	nic->tx.desc[id].len = (uint32_t)total;
	nic->tx.desc[id].flags = 0;
	uni_virtq_push(&nic->tx, id);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	nic->dev.t->notify(&nic->dev, &nic->tx);
	nic->stats.tx_frames++;
	nic->stats.tx_bytes += total - NET_HDR;
	return 0;
}

static int vnet_receive(struct uni_nic *nic, uni_nic_deliver *deliver, int budget)
{
	uint32_t id, len;
	int n = 0;
	while (n < budget && uni_virtq_pop(&nic->rx, &id, &len)) {
		if (id >= nic->rx.size)
			continue;
		if (len > NET_HDR && len <= UNI_NIC_BUF) {
			nic->stats.rx_frames++;
			nic->stats.rx_bytes += len - NET_HDR;
			deliver(nic, nic->rx_bufs + (size_t)id * UNI_NIC_BUF + NET_HDR, len - NET_HDR);
		} else {
			nic->stats.rx_dropped++;
		}
		rx_post(nic, (uint16_t)id);
		n++;
	}
	if (n) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		nic->dev.t->notify(&nic->dev, &nic->rx);
	}
	return n;
}

static int vnet_rx_ready(struct uni_nic *nic, int irq)
{
	/* The line is edge-triggered: while the device's interrupt status stays set it cannot
	 * interrupt again, so acknowledge whenever there is work, not only after an interrupt. */
	int pending = uni_virtq_pending(&nic->rx);
	if ((irq || pending) && nic->dev.t->ack_irq(&nic->dev))
		nic->stats.irqs++;
	return pending || uni_virtq_pending(&nic->rx);
}

static const struct uni_nic_ops vnet_ops = {
	.send = vnet_send,
	.receive = vnet_receive,
	.rx_ready = vnet_rx_ready,
};

const struct uni_virtio_driver uni_vnet_driver = { "virtio-net", VIRTIO_ID_NET, 1, vnet_attach };
