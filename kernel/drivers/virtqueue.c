/* Split virtqueues (virtio 1.x, section 2.7) and the device-status handshake shared by the
 * transports. */
#include <string.h>
#include "uni/console.h"
#include "uni/runtime.h"
#include "uni/virtio.h"

#define S_ACKNOWLEDGE 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8

uint64_t uni_virtio_negotiate(struct uni_virtio_dev *d, uint64_t wanted)
{
	d->t->set_status(d, 0);                       /* reset */
	d->t->set_status(d, S_ACKNOWLEDGE);
	d->t->set_status(d, S_ACKNOWLEDGE | S_DRIVER);
	uint64_t offered = d->t->features(d);
	if (!(offered & VIRTIO_F_VERSION_1)) {
		uni_log("virtio %s: the device does not offer VERSION_1 (legacy only); skipped", d->where);
		return 0;
	}
	uint64_t f = offered & (wanted | VIRTIO_F_VERSION_1);
	d->t->set_features(d, f);
	d->t->set_status(d, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
	if (!(d->t->status(d) & S_FEATURES_OK)) {
		uni_log("virtio %s: the device refused features %#llx; skipped", d->where, (unsigned long long)f);
		return 0;
	}
	return f;
}

void uni_virtio_driver_ok(struct uni_virtio_dev *d)
{
	d->t->set_status(d, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
}

int uni_virtq_init(struct uni_virtio_dev *d, struct uni_virtq *q, uint16_t index, uint16_t max)
{
	uint16_t dev_max = d->t->queue_max(d, index);
	if (!dev_max)
		return -1;
	q->index = index;
	q->size = dev_max < max ? dev_max : max;
	q->last_used = 0;
	/* Three page-aligned areas (the allocator returns whole zeroed pages). */
	size_t n = q->size;
	q->desc = uni_mm_alloc(16 * n);
	q->avail = uni_mm_alloc(6 + 2 * n);
	q->used = uni_mm_alloc(6 + 8 * n);
	if (!q->desc || !q->avail || !q->used)
		return -1;
	return d->t->setup_queue(d, q);
}

void uni_virtq_push(struct uni_virtq *q, uint16_t id)
{
	uint16_t i = q->avail->idx;
	q->avail->ring[i % q->size] = id;
	__atomic_thread_fence(__ATOMIC_RELEASE);   /* the entry before the index */
	q->avail->idx = (uint16_t)(i + 1);
}

int uni_virtq_pop(struct uni_virtq *q, uint32_t *id, uint32_t *len)
{
	if (q->used->idx == q->last_used)
		return 0;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);   /* the index before the entry */
	volatile struct uni_vq_used_elem *e = &q->used->ring[q->last_used % q->size];
	*id = e->id;
	*len = e->len;
	q->last_used++;
	return 1;
}
