/* virtio 1.x for ring-3 drivers: split virtqueues, the device-status handshake, and the two
 * transports (virtio-mmio on microvm and Firecracker, virtio-pci modern on q35/pc). RAM is
 * mapped at a random offset (ASLR), so a device gets a buffer's uni_dma_addr. */
#ifndef UNI_VIRTIO_H
#define UNI_VIRTIO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "uni/boot.h"   /* uni_dma_addr: what a device is given is a physical address */

#define VIRTIO_F_VERSION_1 (1ull << 32)
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_9P 9

struct uni_vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
#define VQ_DESC_F_NEXT 1
#define VQ_DESC_F_WRITE 2

struct uni_vq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};
#define VQ_AVAIL_F_NO_INTERRUPT 1

struct uni_vq_used_elem {
	uint32_t id;
	uint32_t len;
};
struct uni_vq_used {
	uint16_t flags;
	uint16_t idx;
	struct uni_vq_used_elem ring[];
};

struct uni_virtq {
	uint16_t index;             /* queue number on the device */
	uint16_t size;
	volatile struct uni_vq_desc *desc;
	volatile struct uni_vq_avail *avail;
	volatile struct uni_vq_used *used;
	uint16_t last_used;         /* next used entry to consume */
	uint16_t notify_off;        /* pci: the queue's notify offset */
};

struct uni_virtio_dev;
struct uni_virtio_transport {
	const char *name;
	uint64_t (*features)(struct uni_virtio_dev *d);
	void (*set_features)(struct uni_virtio_dev *d, uint64_t f);
	uint8_t (*status)(struct uni_virtio_dev *d);
	void (*set_status)(struct uni_virtio_dev *d, uint8_t s);
	uint16_t (*queue_max)(struct uni_virtio_dev *d, uint16_t index);   /* 0: no such queue */
	/* Hands the rings of q (size set, rings allocated) to the device. */
	int (*setup_queue)(struct uni_virtio_dev *d, struct uni_virtq *q);
	void (*notify)(struct uni_virtio_dev *d, struct uni_virtq *q);
	/* Reads and acknowledges the interrupt status (the line drops). */
	uint32_t (*ack_irq)(struct uni_virtio_dev *d);
	uint8_t (*config8)(struct uni_virtio_dev *d, unsigned off);
};

struct uni_virtio_dev {
	const struct uni_virtio_transport *t;
	volatile uint8_t *regs;                    /* mmio: the slot; pci: common config */
	volatile uint8_t *notify, *isr, *devcfg;   /* pci */
	uint32_t notify_mult;                      /* pci */
	char where[32];                            /* for messages: "mmio@0xfeb00e00", "pci 00:02.0" */
};

/* The status handshake up to FEATURES_OK with 'wanted' & offered features (VERSION_1 is
 * required); returns the negotiated set, or 0 on failure (logged). */
uint64_t uni_virtio_negotiate(struct uni_virtio_dev *d, uint64_t wanted);
void uni_virtio_driver_ok(struct uni_virtio_dev *d);
/* Allocates the rings of queue 'index' (size: the device's maximum, capped at max) and sets
 * it up on the device. */
int uni_virtq_init(struct uni_virtio_dev *d, struct uni_virtq *q, uint16_t index, uint16_t max);
/* Makes descriptor 'id' available to the device (the caller filled desc[id]). */
void uni_virtq_push(struct uni_virtq *q, uint16_t id);
/* The next used element, or 0 when there is none. */
int uni_virtq_pop(struct uni_virtq *q, uint32_t *id, uint32_t *len);
static inline int uni_virtq_pending(const struct uni_virtq *q) { return q->used->idx != q->last_used; }

/* A driver for the transports' probes: every device of type id is handed to attach, with its
 * interrupt (mmio: the IOAPIC line as gsi; pci: MSI-X vector 0 as msix, enabled only when irq
 * is set, and then required; -1 where none). */
struct uni_virtio_driver {
	const char *name;       /* for messages: "virtio-net" */
	uint16_t id;            /* VIRTIO_ID_* */
	int irq;
	int (*attach)(struct uni_virtio_dev *d, int gsi, int msix);
};
void uni_virtio_mmio_probe(const struct uni_virtio_driver *drv);
void uni_virtio_pci_probe(const struct uni_virtio_driver *drv);
extern const struct uni_virtio_driver uni_vnet_driver;   /* drivers/virtio_net.c */

/* drivers/virtio_console.c: the console's device, when present (uni/abi.h's framing). probe
 * finds and sets it up (0, or -1 when there is none); the rest are the platform console's
 * operations over it (uni/platform.h), and drain waits until the device took every byte. */
int uni_vcon_probe(void);
ssize_t uni_vcon_read(void *buf, size_t len);
int uni_vcon_ready(void);
void uni_vcon_write(int fd, const void *buf, size_t len);
void uni_vcon_drain(void);

/* drivers/ioapic.c: routes an interrupt line to UNI_VEC_DEVICE (edge, to CPU 0). */
void uni_ioapic_route(int gsi);

#endif
