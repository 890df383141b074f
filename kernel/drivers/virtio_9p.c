/* virtio-9p (virtio 1.x, section 5.11) as the pvh platform's channel to persistent volumes:
 * uni-run gives QEMU one device per shared volume, its mount tag the volume's name. One request
 * at a time (the caller holds the big lock), polled like the console: a request is the message
 * out and the reply buffer in, chained, and the device's answer comes back in place. */
#include <string.h>
#include "uni/console.h"
#include "uni/virtio.h"

#define F_MOUNT_TAG 1ull
#define MAX_DEVS 8
#define TAG_MAX 32

static struct v9p {
	struct uni_virtio_dev dev;
	struct uni_virtq q;
	char tag[TAG_MAX];
} devs[MAX_DEVS];
static int ndevs, probed;

static int attach(struct uni_virtio_dev *d, int gsi, int msix)
{
	(void)gsi, (void)msix;
	if (ndevs == MAX_DEVS)
		return -1;
	struct v9p *v = &devs[ndevs];
	v->dev = *d;
	if (!(uni_virtio_negotiate(&v->dev, F_MOUNT_TAG) & F_MOUNT_TAG)) {
		uni_log("virtio-9p %s: no mount tag; skipped", d->where);
		return -1;
	}
	unsigned len = v->dev.t->config8(&v->dev, 0) | (unsigned)v->dev.t->config8(&v->dev, 1) << 8;
	if (len >= TAG_MAX)
		len = TAG_MAX - 1;
	for (unsigned i = 0; i < len; i++)
		v->tag[i] = (char)v->dev.t->config8(&v->dev, 2 + i);
	v->tag[len] = 0;
	if (uni_virtq_init(&v->dev, &v->q, 0, 2)) {
		uni_log("virtio-9p %s: cannot set up its queue; skipped", d->where);
		return -1;
	}
	uni_virtio_driver_ok(&v->dev);
	ndevs++;
	return 0;
}

static const struct uni_virtio_driver v9p_driver = { "virtio-9p", VIRTIO_ID_9P, 0, attach };

int uni_v9p_channel(const char *tag)
{
	if (!probed) {
		probed = 1;
		uni_virtio_mmio_probe(&v9p_driver);
		uni_virtio_pci_probe(&v9p_driver);
	}
	for (int i = 0; i < ndevs; i++)
		if (strcmp(devs[i].tag, tag) == 0)
			return i;
	return -1;
}

long uni_v9p_rpc(int ch, const void *t, uint32_t tlen, void *r, uint32_t rcap)
{
	struct v9p *v = &devs[ch];
	v->q.desc[0] = (struct uni_vq_desc){ uni_dma_addr(t), tlen, VQ_DESC_F_NEXT, 1 };
	v->q.desc[1] = (struct uni_vq_desc){ uni_dma_addr(r), rcap, VQ_DESC_F_WRITE, 0 };
	uni_virtq_push(&v->q, 0);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);   /* the ring before the device looks */
	v->dev.t->notify(&v->dev, &v->q);
	uint32_t id, len;
	while (!uni_virtq_pop(&v->q, &id, &len))
		__builtin_ia32_pause();
	return (long)len;
}
