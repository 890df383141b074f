/* Network interface cards as the network layer sees them: frames in, frames out. The
 * virtio-net driver (drivers/virtio_net.c) fills uni_nics at boot. */
#ifndef UNI_NIC_H
#define UNI_NIC_H

#include <stddef.h>
#include <stdint.h>
#include "uni/virtio.h"

#define UNI_NIC_QUEUE 256
#define UNI_NIC_BUF 2048    /* a frame (1514 bytes) and the virtio-net header fit */

struct uni_nic_stats {
	uint64_t rx_frames, rx_bytes, rx_dropped, tx_frames, tx_bytes, tx_dropped, irqs;
};

struct uni_nic {
	struct uni_nic *next;
	int index;                      /* eth0, eth1... in probe order */
	uint8_t mac[6];
	struct uni_virtio_dev dev;
	struct uni_virtq rx, tx;
	unsigned char *rx_bufs, *tx_bufs;
	uint16_t tx_free[UNI_NIC_QUEUE];
	unsigned tx_nfree;
	struct uni_nic_stats stats;
	void *netif;                    /* the network layer's */
};

extern struct uni_nic *uni_nics;

/* Finds every NIC (virtio-mmio slots, virtio-pci functions); returns how many. */
int uni_nic_probe(void);
/* Sends one frame gathered from n pieces; returns 0, or -1 when the queue is full (the
 * frame is dropped and counted). */
struct uni_frag { const void *p; size_t len; };
int uni_nic_send(struct uni_nic *nic, const struct uni_frag *frags, int n);
/* Hands each received frame to deliver (which copies it), at most 'budget' of them, and
 * gives the buffers back to the device. Returns how many were delivered. */
int uni_nic_receive(struct uni_nic *nic, void (*deliver)(struct uni_nic *, const void *, size_t), int budget);
/* Whether received frames wait; acknowledges the device's interrupt when one was taken. */
int uni_nic_rx_ready(struct uni_nic *nic, int irq);

#endif
