/* The virtio console (virtio 1.x, section 5.3) as the program's fds 0-2: a virtio-serial device
 * with VIRTIO_CONSOLE_F_MULTIPORT whose port UNI_VCON_PORT carries all three streams in
 * uni-run's frames (uni/abi.h), so stdout and stderr reach the host in the order written.
 * Polled like the UARTs it replaces (no interrupts): output is copied into a ring of buffers
 * and handed over without waiting for the device; input buffers go back as they are read. */
#include <string.h>
#include "uni/abi.h"
#include "uni/console.h"
#include "uni/runtime.h"
#include "uni/virtio.h"

#define F_MULTIPORT (1ull << 1)
/* A multiport device's queues: port 0's receive and transmit queue, the control pair, then
 * two per port (section 5.3.2). Port 0 is QEMU's virtconsole slot, which drops output the
 * host is not ready for; port 1 is a virtserialport, which holds it back instead. */
#define Q_CTL_RX 2
#define Q_CTL_TX 3
#define Q_RX (2 * (UNI_VCON_PORT + 1))
#define Q_TX (Q_RX + 1)
#define RX_BUFS 64
#define RX_BUF 4096      /* QEMU's socket chardev hands over at most 4 KiB per read */
#define TX_BUFS 32
#define TX_BUF 32768
/* 1.25 MiB of buffers at most; with little memory (-m 4M boots) an eighth of them. */
#define FEW_BUFS_BELOW (64ull << 20)
#define CTL_BUFS 8       /* each way */
#define CTL_BUF 64

enum { DEVICE_READY = 0, PORT_READY = 3, PORT_OPEN = 6 };
struct ctl_msg {
	uint32_t id;
	uint16_t event, value;
};

static struct {
	struct uni_virtio_dev dev;
	struct uni_virtq ctl_rx, ctl_tx, rx, tx;
	unsigned char *ctl_bufs, *rx_bufs, *tx_bufs;
	uint16_t tx_free[TX_BUFS], tx_nfree;
	uint16_t ctl_sent;
	int rx_unkicked;           /* receive buffers posted since the last notify */
	/* Input: the used receive buffer being read (cur < 0: none) and the frame in it. */
	int cur;
	uint32_t cur_off, cur_len, frame_left;
	unsigned char hdr[UNI_VCON_HDR];
	int hdr_n, eof;
} vc;
static int active;

static void kick(struct uni_virtq *q)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);   /* the ring before the device looks */
	vc.dev.t->notify(&vc.dev, q);
}

static void post(struct uni_virtq *q, uint16_t id, void *buf, uint32_t len, uint16_t flags)
{
	q->desc[id].addr = uni_dma_addr(buf);
	q->desc[id].len = len;
	q->desc[id].flags = flags;
	uni_virtq_push(q, id);
}

static void ctl_send(uint32_t port, uint16_t event, uint16_t value)
{
	uint16_t id = vc.ctl_sent++ % CTL_BUFS;
	struct ctl_msg *m = (struct ctl_msg *)(vc.ctl_bufs + (size_t)(CTL_BUFS + id) * CTL_BUF);
	*m = (struct ctl_msg){ port, event, value };
	post(&vc.ctl_tx, id, m, sizeof *m, 0);
	kick(&vc.ctl_tx);
}

static int queues_init(struct uni_virtio_dev *d)
{
	int shift = uni_mm_free_bytes() < FEW_BUFS_BELOW ? 3 : 0;
	if (uni_virtq_init(d, &vc.ctl_rx, Q_CTL_RX, CTL_BUFS) || uni_virtq_init(d, &vc.ctl_tx, Q_CTL_TX, CTL_BUFS) ||
	    uni_virtq_init(d, &vc.rx, Q_RX, RX_BUFS >> shift) || uni_virtq_init(d, &vc.tx, Q_TX, TX_BUFS >> shift))
		return -1;
	vc.ctl_bufs = uni_mm_alloc(2 * CTL_BUFS * CTL_BUF);
	vc.rx_bufs = uni_mm_alloc((size_t)vc.rx.size * RX_BUF);
	vc.tx_bufs = uni_mm_alloc((size_t)vc.tx.size * TX_BUF);
	return vc.ctl_bufs && vc.rx_bufs && vc.tx_bufs ? 0 : -1;
}

/* The device's control messages (the ports it has, the host side opening) are not needed:
 * the port is known, and output waits in the device until the host reads it. Their buffers
 * are posted so that the device can deliver them, and are never taken back. */
static int vcon_attach(struct uni_virtio_dev *d, int gsi, int msix)
{
	(void)gsi;
	(void)msix;
	if (active)
		return -1;
	vc.dev = *d;
	d = &vc.dev;
	uint64_t f = uni_virtio_negotiate(d, F_MULTIPORT);
	if (!(f & F_MULTIPORT) || queues_init(d)) {
		uni_log("virtio-console %s: setup: no multiport support, or no memory for its queues and "
			"buffers; the serial console stays (fix: a larger -m, or QEMU's virtio-serial)", d->where);
		d->t->set_status(d, 0);
		return -1;
	}
	vc.ctl_rx.avail->flags = vc.ctl_tx.avail->flags = VQ_AVAIL_F_NO_INTERRUPT;
	vc.rx.avail->flags = vc.tx.avail->flags = VQ_AVAIL_F_NO_INTERRUPT;
	for (uint16_t i = 0; i < vc.ctl_rx.size && i < CTL_BUFS; i++)
		post(&vc.ctl_rx, i, vc.ctl_bufs + (size_t)i * CTL_BUF, CTL_BUF, VQ_DESC_F_WRITE);
	for (uint16_t i = 0; i < vc.rx.size; i++)
		post(&vc.rx, i, vc.rx_bufs + (size_t)i * RX_BUF, RX_BUF, VQ_DESC_F_WRITE);
	for (uint16_t i = 0; i < vc.tx.size; i++)
		vc.tx_free[vc.tx_nfree++] = i;
	vc.cur = -1;
	uni_virtio_driver_ok(d);
	kick(&vc.ctl_rx);
	kick(&vc.rx);
	ctl_send(0, DEVICE_READY, 1);
	ctl_send(UNI_VCON_PORT, PORT_READY, 1);
	ctl_send(UNI_VCON_PORT, PORT_OPEN, 1);   /* the device passes input only to an open port */
	active = 1;
	return 0;
}

static const struct uni_virtio_driver vcon_driver = { "virtio-console", VIRTIO_ID_CONSOLE, 0, vcon_attach };

int uni_vcon_probe(void)
{
	uni_virtio_mmio_probe(&vcon_driver);
	if (!active)
		uni_virtio_pci_probe(&vcon_driver);
	return active ? 0 : -1;
}

static void tx_reclaim(void)
{
	uint32_t id, len;
	while (uni_virtq_pop(&vc.tx, &id, &len))
		if (id < vc.tx.size)
			vc.tx_free[vc.tx_nfree++] = (uint16_t)id;
}

/* A free transmit buffer, waiting for the device (and so for uni-run) while all are in flight;
 * what was queued but not yet announced (queued) is announced first. */
static uint16_t tx_take(int *queued)
{
	if (!vc.tx_nfree)
		tx_reclaim();
	if (!vc.tx_nfree && *queued) {
		kick(&vc.tx);
		*queued = 0;
	}
	while (!vc.tx_nfree) {
		__builtin_ia32_pause();
		tx_reclaim();
	}
	return vc.tx_free[--vc.tx_nfree];
}

void uni_vcon_write(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	int queued = 0;
	while (len) {
		uint16_t id = tx_take(&queued);
		size_t n = len < TX_BUF - UNI_VCON_HDR ? len : TX_BUF - UNI_VCON_HDR;
		unsigned char *b = vc.tx_bufs + (size_t)id * TX_BUF;
		b[0] = fd == 2 ? UNI_VCON_STDERR : UNI_VCON_STDOUT;
		b[1] = (unsigned char)n;
		b[2] = (unsigned char)(n >> 8);
		b[3] = (unsigned char)(n >> 16);
		memcpy(b + UNI_VCON_HDR, p, n);
		post(&vc.tx, id, b, (uint32_t)(n + UNI_VCON_HDR), 0);
		queued = 1;
		p += n;
		len -= n;
	}
	if (queued)
		kick(&vc.tx);
}

void uni_vcon_drain(void)
{
	if (!active)
		return;
	for (tx_reclaim(); vc.tx_nfree < vc.tx.size; tx_reclaim())
		__builtin_ia32_pause();
}

static void rx_release(void)
{
	post(&vc.rx, (uint16_t)vc.cur, vc.rx_bufs + (size_t)vc.cur * RX_BUF, RX_BUF, VQ_DESC_F_WRITE);
	vc.rx_unkicked++;
	vc.cur = -1;
}

static void rx_kick(void)
{
	if (vc.rx_unkicked) {
		kick(&vc.rx);
		vc.rx_unkicked = 0;
	}
}

/* Moves past spent buffers and frame headers until payload is waiting in vc.cur, the end of
 * stdin came, or nothing more has. */
static void rx_advance(void)
{
	while (!vc.eof) {
		if (vc.cur < 0) {
			uint32_t id, len;
			if (!uni_virtq_pop(&vc.rx, &id, &len)) {
				rx_kick();   /* the device may be waiting for buffers */
				return;
			}
			if (id >= vc.rx.size)
				continue;
			vc.cur = (int)id;
			vc.cur_off = 0;
			vc.cur_len = len < RX_BUF ? len : RX_BUF;
		}
		if (vc.cur_off == vc.cur_len) {
			rx_release();
			continue;
		}
		if (vc.frame_left)
			return;
		const unsigned char *b = vc.rx_bufs + (size_t)vc.cur * RX_BUF;
		while (vc.hdr_n < UNI_VCON_HDR && vc.cur_off < vc.cur_len)
			vc.hdr[vc.hdr_n++] = b[vc.cur_off++];
		if (vc.hdr_n == UNI_VCON_HDR) {
			vc.hdr_n = 0;
			vc.frame_left = vc.hdr[1] | (uint32_t)vc.hdr[2] << 8 | (uint32_t)vc.hdr[3] << 16;
			vc.eof = !vc.frame_left;
		}
	}
}

int uni_vcon_ready(void)
{
	rx_advance();
	return (vc.cur >= 0 && vc.frame_left) || vc.eof;
}

ssize_t uni_vcon_read(void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t n = 0;
	while (n < len) {
		rx_advance();
		if (vc.cur < 0 || !vc.frame_left)
			break;
		size_t k = len - n;
		if (k > vc.frame_left)
			k = vc.frame_left;
		if (k > vc.cur_len - vc.cur_off)
			k = vc.cur_len - vc.cur_off;
		memcpy(p + n, vc.rx_bufs + (size_t)vc.cur * RX_BUF + vc.cur_off, k);
		n += k;
		vc.cur_off += (uint32_t)k;
		vc.frame_left -= (uint32_t)k;
		if (vc.cur_off == vc.cur_len)
			rx_release();
	}
	rx_kick();
	return !n && vc.eof ? -1 : (ssize_t)n;
}
