/* Network interface cards as the network layer sees them: frames in, frames out. The
 * platform's drivers fill uni_nics at boot: virtio-net in a VM (drivers/virtio_net.c), a host
 * file descriptor in a process (platform/process/nic.c). */
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

struct uni_nic;
struct uni_frag { const void *p; size_t len; };
typedef void uni_nic_deliver(struct uni_nic *nic, const void *frame, size_t len);

/* What a driver does for its NICs; uni_nic_send etc. below call these. */
struct uni_nic_ops {
	int (*send)(struct uni_nic *nic, const struct uni_frag *frags, int n);
	int (*receive)(struct uni_nic *nic, uni_nic_deliver *deliver, int budget);
	int (*rx_ready)(struct uni_nic *nic, int irq);
};

struct uni_nic {
	struct uni_nic *next;
	int index;                      /* eth0, eth1... in probe order */
	uint8_t mac[6];
	const struct uni_nic_ops *ops;
	void *host;                     /* the process platform's state of a host-fd NIC */
	/* virtio-net's state: */
	struct uni_virtio_dev dev;
	struct uni_virtq rx, tx;
	unsigned char *rx_bufs, *tx_bufs;
	uint16_t tx_free[UNI_NIC_QUEUE];
	unsigned tx_nfree;
	struct uni_nic_stats stats;
	void *netif;                    /* the network layer's */
};

extern struct uni_nic *uni_nics;

/* Finds every NIC (the platform's nic_probe); returns how many. */
int uni_nic_probe(void);
/* Drivers add each NIC they set up, in probe order (drivers/nic.c). */
void uni_nic_register(struct uni_nic *nic);

/* Sends one frame gathered from n pieces; returns 0, or -1 when the queue is full (the
 * frame is dropped and counted). */
static inline int uni_nic_send(struct uni_nic *nic, const struct uni_frag *frags, int n)
{
	return nic->ops->send(nic, frags, n);
}
/* Hands each received frame to deliver (which copies it), at most 'budget' of them, and
 * gives the buffers back to the device. Returns how many were delivered. */
static inline int uni_nic_receive(struct uni_nic *nic, uni_nic_deliver *deliver, int budget)
{
	return nic->ops->receive(nic, deliver, budget);
}
/* Whether received frames wait; acknowledges the device's interrupt when one was taken. */
static inline int uni_nic_rx_ready(struct uni_nic *nic, int irq)
{
	return nic->ops->rx_ready(nic, irq);
}

#endif
