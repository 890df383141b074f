/* The process platform's NIC: Ethernet frames over a host file descriptor uni-run passes
 * (UNI_RUN_NET_FD): a tap (one read or write per frame) or a stream socket to a user-mode
 * network such as passt (each frame after its 4-byte big-endian length, QEMU's framing). The
 * fd is non-blocking and raises HOST_SIG_DEVICE when frames arrive, the host's interrupt. */
#include <poll.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include "uni/abi.h"
#include "uni/console.h"
#include "uni/kmem.h"
#include "uni/nic.h"
#include "uni/runtime.h"
#include "process.h"

#define FRAME_MAX 1518              /* Ethernet frame with one VLAN tag, no FCS */
#define RX_BUF 65536                /* several frames of a stream read at once */
#define TX_WAIT_NS 2000000          /* how long a send waits for room before dropping */

struct host_nic {
	int fd, stream;
	size_t have;                    /* bytes of rx that hold received, unparsed data */
	unsigned char rx[RX_BUF];
};

/* Whether fd is ready for events within ns (0: now). */
static int fd_ready(int fd, short events, long ns)
{
	struct pollfd p = { .fd = fd, .events = events };
	struct timespec t = { 0, ns };
	return host4(SYS_ppoll, &p, 1, &t, 0) > 0;
}

static int write_frame(struct host_nic *h, const unsigned char *buf, size_t len)
{
	uint64_t give_up = 0;
	size_t off = 0;
	while (off < len) {
		long n = host3(SYS_write, h->fd, buf + off, len - off);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n != -11 /* EAGAIN */ && n != -4 /* EINTR */)
			return -1;
		/* A stream must not be left with half a frame: wait for room once it started. */
		uint64_t now = uni_clock_ns();
		if (!give_up)
			give_up = now + TX_WAIT_NS;
		if (now > give_up && (off == 0 || !h->stream))
			return -1;
		fd_ready(h->fd, POLLOUT, 200000);
	}
	return 0;
}

static int send(struct uni_nic *nic, const struct uni_frag *frags, int n)
{
	struct host_nic *h = nic->host;
	unsigned char buf[4 + FRAME_MAX];
	size_t len = 0, at = h->stream ? 4 : 0;
	for (int i = 0; i < n; i++) {
		if (len + frags[i].len > FRAME_MAX) {
			nic->stats.tx_dropped++;
			return 0;   /* a frame no Ethernet carries: dropped, as a device would */
		}
		memcpy(buf + at + len, frags[i].p, frags[i].len);
		len += frags[i].len;
	}
	if (h->stream) {
		buf[0] = (unsigned char)(len >> 24);
		buf[1] = (unsigned char)(len >> 16);
		buf[2] = (unsigned char)(len >> 8);
		buf[3] = (unsigned char)len;
	}
	if (write_frame(h, buf, at + len)) {
		nic->stats.tx_dropped++;
		return -1;
	}
	nic->stats.tx_frames++;
	nic->stats.tx_bytes += len;
	return 0;
}

static void deliver_one(struct uni_nic *nic, uni_nic_deliver *deliver, const unsigned char *f, size_t len)
{
	if (len < 14 || len > FRAME_MAX) {
		nic->stats.rx_dropped++;
		return;
	}
	nic->stats.rx_frames++;
	nic->stats.rx_bytes += len;
	deliver(nic, f, len);
}

static size_t be32(const unsigned char *p)
{
	return (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
}

/* Whether a whole stream frame is buffered. */
static int stream_frame(const struct host_nic *h)
{
	return h->have >= 4 && h->have >= 4 + be32(h->rx);
}

static int receive(struct uni_nic *nic, uni_nic_deliver *deliver, int budget)
{
	struct host_nic *h = nic->host;
	int done = 0;
	while (done < budget && h->fd >= 0) {
		if (!h->stream) {
			long n = host3(SYS_read, h->fd, h->rx, RX_BUF);
			if (n <= 0)
				break;
			deliver_one(nic, deliver, h->rx, (size_t)n);
			done++;
			continue;
		}
		if (h->have >= 4 && be32(h->rx) > RX_BUF - 4) {
			uni_log("net: the host network announced a %zu-byte frame: the stream is out of step; "
				"the NIC stops", be32(h->rx));
			host1(SYS_close, h->fd);
			h->fd = -1;
			break;
		}
		if (stream_frame(h)) {
			size_t len = be32(h->rx);
			deliver_one(nic, deliver, h->rx + 4, len);
			h->have -= 4 + len;
			memmove(h->rx, h->rx + 4 + len, h->have);
			done++;
			continue;
		}
		long n = host3(SYS_read, h->fd, h->rx + h->have, RX_BUF - h->have);
		if (n <= 0)
			break;
		h->have += (size_t)n;
	}
	return done;
}

static int rx_ready(struct uni_nic *nic, int irq)
{
	struct host_nic *h = nic->host;
	if (irq)
		nic->stats.irqs++;
	return h->fd >= 0 && (stream_frame(h) || fd_ready(h->fd, POLLIN, 0));
}

static const struct uni_nic_ops host_nic_ops = {
	.send = send,
	.receive = receive,
	.rx_ready = rx_ready,
};

void uni_host_nic_probe(void)
{
	if (uni_host_net_fd < 0)
		return;
	struct uni_nic *nic = uni_kalloc(sizeof *nic);
	struct host_nic *h = uni_mm_alloc(sizeof *h);
	if (!nic || !h) {
		uni_log("net: no memory for the host NIC; it is not used");
		return;
	}
	memset(nic, 0, sizeof *nic);
	h->fd = uni_host_net_fd;
	h->stream = uni_host_net_stream;
	/* Non-blocking, and HOST_SIG_DEVICE to the first CPU's thread when frames arrive. */
	struct { int type, pid; } owner = { 0 /* F_OWNER_TID */, uni_host_cpus[0].tid };
	if (host3(SYS_fcntl, h->fd, 4 /* F_SETFL */, 04000 | 020000 /* O_NONBLOCK | O_ASYNC */) ||
	    host3(SYS_fcntl, h->fd, 10 /* F_SETSIG */, HOST_SIG_DEVICE) ||
	    host3(SYS_fcntl, h->fd, 15 /* F_SETOWN_EX */, &owner)) {
		uni_log("net: the host NIC's fd %d cannot signal arrivals; it is not used", h->fd);
		return;
	}
	uni_random_bytes(nic->mac, 6);
	nic->mac[0] = (nic->mac[0] & 0xfe) | 0x02;   /* unicast, locally administered */
	nic->ops = &host_nic_ops;
	nic->host = h;
	uni_nic_register(nic);
}
