/* qemu_volumes.c: the QEMU arguments of a PVH image's persistent volumes: QEMU serves each
 * host directory over 9P2000.L to a virtio-9p device whose mount tag names the volume. */
#include "run.h"

#include <string.h>

#include "uni/abi.h"

/* microvm's virtio-mmio transports with acpi=off (QEMU's VIRTIO_NUM_TRANSPORTS); a ninth
 * virtio device makes QEMU fail with "No 'virtio-bus' bus found". */
#define MICROVM_VIRTIO_SLOTS 8

/* path as one value of a QEMU option list, where a comma is written twice. */
static char *qemu_opt_value(const char *path)
{
	char *out = uni_xmalloc(2 * strlen(path) + 1), *q = out;
	for (const char *p = path; *p; p++) {
		*q++ = *p;
		if (*p == ',')
			*q++ = ',';
	}
	*q = '\0';
	return out;
}

void qemu_volume_args(struct strv *a, const struct run_opts *o, const struct image *im, int slots_used)
{
	size_t n = volumes_served(o, im);
	int q35 = strcmp(o->machine, "q35") == 0;
	if (!n)
		return;
	if (!q35 && (size_t)slots_used + n > MICROVM_VIRTIO_SLOTS)
		uni_die("-v: %zu persistent volumes do not fit in microvm's %d virtio slots, %d of which the "
			"NICs and the console take (fix: give :copy to some volumes, or use --machine q35)",
			n, MICROVM_VIRTIO_SLOTS, slots_used);
	for (size_t i = 0; i < o->volumes.n; i++) {
		if (!volume_served(o, im, i))
			continue;
		/* security_model=none: files are the uni-run user's, with the modes the guest gives. */
		strv_push(a, "-fsdev");
		strv_pushf(a, "local,id=%s%zu,path=%s,security_model=none", UNI_VOL_TAG, i,
			   qemu_opt_value(o->volumes.v[i].host));
		strv_push(a, "-device");
		strv_pushf(a, "%s,fsdev=%s%zu,mount_tag=%s%zu",
			   q35 ? "virtio-9p-pci,disable-legacy=on" : "virtio-9p-device", UNI_VOL_TAG, i,
			   UNI_VOL_TAG, i);
	}
}
