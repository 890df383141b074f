/* The virtio-pci modern transport (virtio 1.x, section 4.1) for q35/pc: bus 0 and the buses
 * behind its PCI bridges (PCIe root ports, where libvirt and so KubeVirt put a q35 VM's NICs)
 * are scanned through configuration ports 0xcf8/0xcfc (ring 3 has IOPL 3), the capabilities name the BAR
 * regions, and for a driver that asks for an interrupt (virtio-net) queue 0, its receive queue,
 * interrupts through MSI-X vector 0 = UNI_VEC_DEVICE on CPU 0.
 * BARs must lie in the device window ring 0 maps (UNI_DEVICE_BASE up to the LAPIC), where
 * firmware puts them on q35; others are refused with a message. */
#include <stdio.h>
#include "uni/console.h"
#include "uni/layout.h"
#include "uni/virtio.h"

#define VENDOR_VIRTIO 0x1af4
#define DEVICE_MODERN 0x1040   /* plus the virtio device ID */
#define CAP_VENDOR 0x09
#define CAP_MSIX 0x11
#define CFG_COMMON 1
#define CFG_NOTIFY 2
#define CFG_ISR 3
#define CFG_DEVICE 4
#define NO_VECTOR 0xffff

/* dev is bus * 32 + slot: shifted by 11 it puts the bus in bits 16-23 of the address. */
static uint32_t cfg_addr(int dev, int fn, int off) { return 0x80000000u | (uint32_t)dev << 11 | (uint32_t)fn << 8 | (uint32_t)(off & 0xfc); }

static uint32_t cfg_rd32(int dev, int fn, int off)
{
	uint32_t v;
	__asm__ volatile("outl %0, %w1" : : "a"(cfg_addr(dev, fn, off)), "Nd"(0xcf8));
	__asm__ volatile("inl %w1, %0" : "=a"(v) : "Nd"(0xcfc));
	return v;
}

static void cfg_wr32(int dev, int fn, int off, uint32_t v)
{
	__asm__ volatile("outl %0, %w1" : : "a"(cfg_addr(dev, fn, off)), "Nd"(0xcf8));
	__asm__ volatile("outl %0, %w1" : : "a"(v), "Nd"(0xcfc));
}

static uint8_t cfg_rd8(int dev, int fn, int off) { return (uint8_t)(cfg_rd32(dev, fn, off) >> (8 * (off & 3))); }

/* The BAR's memory address, or 0 if it is not a usable memory BAR inside the window. */
static uint64_t bar_addr(int dev, int fn, int bar)
{
	uint32_t lo = cfg_rd32(dev, fn, 0x10 + 4 * bar);
	if (lo & 1)
		return 0;                                   /* I/O space */
	uint64_t a = lo & ~0xfull;
	if ((lo & 6) == 4)
		a |= (uint64_t)cfg_rd32(dev, fn, 0x14 + 4 * bar) << 32;
	return a >= UNI_DEVICE_BASE && a < UNI_LAPIC_BASE ? a : 0;
}

#define COMMON(d, off, type) (*(volatile type *)((d)->regs + (off)))

static uint64_t features(struct uni_virtio_dev *d)
{
	COMMON(d, 0x00, uint32_t) = 1;
	uint64_t hi = COMMON(d, 0x04, uint32_t);
	COMMON(d, 0x00, uint32_t) = 0;
	return hi << 32 | COMMON(d, 0x04, uint32_t);
}

static void set_features(struct uni_virtio_dev *d, uint64_t f)
{
	COMMON(d, 0x08, uint32_t) = 1;
	COMMON(d, 0x0c, uint32_t) = (uint32_t)(f >> 32);
	COMMON(d, 0x08, uint32_t) = 0;
	COMMON(d, 0x0c, uint32_t) = (uint32_t)f;
}

static uint8_t status(struct uni_virtio_dev *d) { return COMMON(d, 0x14, uint8_t); }
static void set_status(struct uni_virtio_dev *d, uint8_t s) { COMMON(d, 0x14, uint8_t) = s; }

static uint16_t queue_max(struct uni_virtio_dev *d, uint16_t index)
{
	if (index >= COMMON(d, 0x12, uint16_t))
		return 0;
	COMMON(d, 0x16, uint16_t) = index;
	return COMMON(d, 0x18, uint16_t);
}

static int setup_queue(struct uni_virtio_dev *d, struct uni_virtq *q)
{
	COMMON(d, 0x16, uint16_t) = q->index;
	COMMON(d, 0x18, uint16_t) = q->size;
	/* Only queue 0 (virtio-net's receive queue) interrupts. */
	COMMON(d, 0x1a, uint16_t) = q->index == 0 ? 0 : NO_VECTOR;
	q->notify_off = COMMON(d, 0x1e, uint16_t);
	COMMON(d, 0x20, uint64_t) = uni_dma_addr(q->desc);
	COMMON(d, 0x28, uint64_t) = uni_dma_addr(q->avail);
	COMMON(d, 0x30, uint64_t) = uni_dma_addr(q->used);
	COMMON(d, 0x1c, uint16_t) = 1;
	return 0;
}

static void notify(struct uni_virtio_dev *d, struct uni_virtq *q)
{
	*(volatile uint16_t *)(d->notify + (size_t)q->notify_off * d->notify_mult) = q->index;
}

/* MSI-X interrupts need no acknowledgement at the device. */
static uint32_t ack_irq(struct uni_virtio_dev *d) { (void)d; return 1; }

static uint8_t config8(struct uni_virtio_dev *d, unsigned off) { return d->devcfg[off]; }

static const struct uni_virtio_transport pci = {
	"virtio-pci", features, set_features, status, set_status, queue_max, setup_queue, notify,
	ack_irq, config8,
};

/* Points MSI-X table entry 0 at UNI_VEC_DEVICE on CPU 0 and enables MSI-X. */
static int msix_enable(int dev, int fn, int cap)
{
	uint32_t table = cfg_rd32(dev, fn, cap + 4);
	uint64_t base = bar_addr(dev, fn, table & 7);
	if (!base)
		return -1;
	volatile uint32_t *e = (volatile uint32_t *)(base + (table & ~7u));
	e[0] = UNI_LAPIC_BASE;   /* message address: APIC ID 0 */
	e[1] = 0;
	e[2] = UNI_VEC_DEVICE;   /* fixed, edge */
	e[3] = 0;                /* unmasked */
	uint32_t ctl = cfg_rd32(dev, fn, cap);
	cfg_wr32(dev, fn, cap, (ctl | 0x80000000u) & ~0x40000000u);   /* enable, unmask function */
	return 0;
}

static void probe_function(const struct uni_virtio_driver *drv, int dev, int fn)
{
	struct uni_virtio_dev d = { .t = &pci };
	int msix = -1;
	snprintf(d.where, sizeof d.where, "pci %02x:%02x.%x", dev >> 5, dev & 31, fn);
	if (!(cfg_rd32(dev, fn, 0x04) & (1u << 20)))
		return;                                     /* no capability list */
	for (int cap = cfg_rd8(dev, fn, 0x34) & 0xfc, n = 0; cap && n < 48; cap = cfg_rd8(dev, fn, cap + 1) & 0xfc, n++) {
		uint8_t id = cfg_rd8(dev, fn, cap);
		if (id == CAP_MSIX) {
			msix = cap;
			continue;
		}
		if (id != CAP_VENDOR)
			continue;
		uint8_t type = cfg_rd8(dev, fn, cap + 3);
		uint64_t base = bar_addr(dev, fn, cfg_rd8(dev, fn, cap + 4));
		volatile uint8_t *p = base ? (volatile uint8_t *)(base + cfg_rd32(dev, fn, cap + 8)) : 0;
		if (type == CFG_COMMON && !d.regs)
			d.regs = p;
		else if (type == CFG_NOTIFY && !d.notify) {
			d.notify = p;
			d.notify_mult = cfg_rd32(dev, fn, cap + 16);
		} else if (type == CFG_ISR && !d.isr)
			d.isr = p;
		else if (type == CFG_DEVICE && !d.devcfg)
			d.devcfg = p;
	}
	if (!d.regs || !d.notify || !d.devcfg || (drv->irq && msix < 0)) {
		uni_log("%s %s: registers outside the mapped device window or no MSI-X; the device is not used",
			drv->name, d.where);
		return;
	}
	cfg_wr32(dev, fn, 0x04, cfg_rd32(dev, fn, 0x04) | 0x6);   /* memory space, bus master */
	if (drv->irq && msix_enable(dev, fn, msix)) {
		uni_log("%s %s: MSI-X table outside the mapped device window; the device is not used", drv->name, d.where);
		return;
	}
	drv->attach(&d, -1, drv->irq ? 0 : -1);
}

/* Probes drv's devices on bus and, through each PCI-to-PCI bridge (header type 1) whose secondary
 * bus firmware numbered above it, on the buses behind it (depth bounds a looping topology). */
static void scan_bus(const struct uni_virtio_driver *drv, int bus, int depth)
{
	for (int slot = 0; slot < 32; slot++) {
		int dev = bus * 32 + slot;
		uint32_t id = cfg_rd32(dev, 0, 0);
		if ((id & 0xffff) == 0xffff)
			continue;
		int fns = (cfg_rd8(dev, 0, 0x0e) & 0x80) ? 8 : 1;
		for (int fn = 0; fn < fns; fn++) {
			id = cfg_rd32(dev, fn, 0);
			if ((id & 0xffff) == 0xffff)
				continue;
			if ((id & 0xffff) == VENDOR_VIRTIO && (id >> 16) == DEVICE_MODERN + (uint32_t)drv->id)
				probe_function(drv, dev, fn);
			int secondary = cfg_rd8(dev, fn, 0x19);
			if ((cfg_rd8(dev, fn, 0x0e) & 0x7f) == 1 && secondary > bus && depth < 8) {
				/* Memory space and bus master: the device's MSI-X writes and DMA pass
				 * the bridge only with its bus master bit set, which firmware leaves clear. */
				cfg_wr32(dev, fn, 0x04, (cfg_rd32(dev, fn, 0x04) & 0xffff) | 0x6);
				scan_bus(drv, secondary, depth + 1);
			}
		}
	}
}

void uni_virtio_pci_probe(const struct uni_virtio_driver *drv)
{
	/* No PCI host bridge (microvm): the configuration ports read all ones. */
	if (cfg_rd32(0, 0, 0) == 0xffffffffu)
		return;
	scan_bus(drv, 0, 0);
}
