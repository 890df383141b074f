/* The virtio-mmio transport (virtio 1.x, section 4.2, version 2 registers) as QEMU's microvm
 * lays it out: 8 slots of 512 bytes from 0xfeb00000, slot i on IOAPIC line 5 + i. Every slot
 * is probed (its magic and device ID), so no command-line list is needed. */
#include <stdio.h>
#include "uni/console.h"
#include "uni/virtio.h"

#define MMIO_BASE 0xfeb00000ul
#define MMIO_SLOT 0x200
#define MMIO_SLOTS 8
#define MMIO_GSI0 5
#define MAGIC 0x74726976   /* "virt" */

enum {
	R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008,
	R_DEV_FEATURES = 0x010, R_DEV_FEATURES_SEL = 0x014,
	R_DRV_FEATURES = 0x020, R_DRV_FEATURES_SEL = 0x024,
	R_QUEUE_SEL = 0x030, R_QUEUE_NUM_MAX = 0x034, R_QUEUE_NUM = 0x038, R_QUEUE_READY = 0x044,
	R_QUEUE_NOTIFY = 0x050, R_IRQ_STATUS = 0x060, R_IRQ_ACK = 0x064, R_STATUS = 0x070,
	R_QUEUE_DESC = 0x080, R_QUEUE_DRIVER = 0x090, R_QUEUE_DEVICE = 0x0a0, R_CONFIG = 0x100,
};

static uint32_t rd(struct uni_virtio_dev *d, unsigned r) { return *(volatile uint32_t *)(d->regs + r); }
static void wr(struct uni_virtio_dev *d, unsigned r, uint32_t v) { *(volatile uint32_t *)(d->regs + r) = v; }

static void wr64(struct uni_virtio_dev *d, unsigned r, uint64_t v)
{
	wr(d, r, (uint32_t)v);
	wr(d, r + 4, (uint32_t)(v >> 32));
}

static uint64_t features(struct uni_virtio_dev *d)
{
	wr(d, R_DEV_FEATURES_SEL, 1);
	uint64_t hi = rd(d, R_DEV_FEATURES);
	wr(d, R_DEV_FEATURES_SEL, 0);
	return hi << 32 | rd(d, R_DEV_FEATURES);
}

static void set_features(struct uni_virtio_dev *d, uint64_t f)
{
	wr(d, R_DRV_FEATURES_SEL, 1);
	wr(d, R_DRV_FEATURES, (uint32_t)(f >> 32));
	wr(d, R_DRV_FEATURES_SEL, 0);
	wr(d, R_DRV_FEATURES, (uint32_t)f);
}

static uint8_t status(struct uni_virtio_dev *d) { return (uint8_t)rd(d, R_STATUS); }
static void set_status(struct uni_virtio_dev *d, uint8_t s) { wr(d, R_STATUS, s); }

static uint16_t queue_max(struct uni_virtio_dev *d, uint16_t index)
{
	wr(d, R_QUEUE_SEL, index);
	uint32_t n = rd(d, R_QUEUE_NUM_MAX);
	return n > 0xffff ? 0xffff : (uint16_t)n;
}

static int setup_queue(struct uni_virtio_dev *d, struct uni_virtq *q)
{
	wr(d, R_QUEUE_SEL, q->index);
	wr(d, R_QUEUE_NUM, q->size);
	wr64(d, R_QUEUE_DESC, uni_dma_addr(q->desc));
	wr64(d, R_QUEUE_DRIVER, uni_dma_addr(q->avail));
	wr64(d, R_QUEUE_DEVICE, uni_dma_addr(q->used));
	wr(d, R_QUEUE_READY, 1);
	return 0;
}

static void notify(struct uni_virtio_dev *d, struct uni_virtq *q) { wr(d, R_QUEUE_NOTIFY, q->index); }

static uint32_t ack_irq(struct uni_virtio_dev *d)
{
	uint32_t s = rd(d, R_IRQ_STATUS);
	if (s)
		wr(d, R_IRQ_ACK, s);
	return s;
}

static uint8_t config8(struct uni_virtio_dev *d, unsigned off) { return d->regs[R_CONFIG + off]; }

static const struct uni_virtio_transport mmio = {
	"virtio-mmio", features, set_features, status, set_status, queue_max, setup_queue, notify,
	ack_irq, config8,
};

void uni_virtio_mmio_probe(const struct uni_virtio_driver *drv)
{
	for (int i = 0; i < MMIO_SLOTS; i++) {
		struct uni_virtio_dev d = { .t = &mmio, .regs = (volatile uint8_t *)(MMIO_BASE + i * MMIO_SLOT) };
		if (rd(&d, R_MAGIC) != MAGIC || rd(&d, R_DEVICE_ID) != drv->id)
			continue;
		snprintf(d.where, sizeof d.where, "mmio@%#lx", MMIO_BASE + i * MMIO_SLOT);
		if (rd(&d, R_VERSION) != 2) {
			uni_log("%s %s: legacy register layout (version %u); run QEMU with "
				"-global virtio-mmio.force-legacy=false (uni-run does)", drv->name, d.where, rd(&d, R_VERSION));
			continue;
		}
		drv->attach(&d, drv->irq ? MMIO_GSI0 + i : -1, -1);
	}
}
