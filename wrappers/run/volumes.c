/* volumes.c: uni-run -v: packs each host directory, mounted at its guest path, into one
 * temporary file that QEMU passes as -initrd: uni archives (the boot module) for an image,
 * flagged persistent, read-only or copy; for linux-microvm, the image's initramfs followed by
 * a cpio of the volumes (Linux unpacks concatenated cpio archives into one root). Which
 * volumes are served persistent, and saying so. */
#include "run.h"
#include "../common/cpio.h"
#include "../common/pack.h"
#include "uni/abi.h"
#include "uni/archive.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *module;

/* The initramfs of a linux-microvm image, copied to f. */
static void copy_image(FILE *f, const struct image *im)
{
	if (fwrite(im->data, 1, im->size, f) != im->size)
		uni_die("-v: cannot write %s: %s (fix: check free space in TMPDIR)", module, strerror(errno));
}

const char *volumes_pack(const struct run_opts *o, const struct image *im)
{
	if (!o->volumes.n)
		return NULL;
	int fd = temp_file("-v", "uni-run-volumes", &module);
	FILE *f = fdopen(fd, "w+b");
	if (!f)
		uni_die("-v: fdopen: %s (fix: retry; report it if it repeats)", strerror(errno));
	struct cpio c = { .f = f };
	int microvm = im->kind == IMAGE_MICROVM, copied_shared = 0;
	if (microvm)
		copy_image(f, im);
	for (size_t i = 0; i < o->volumes.n; i++) {
		const struct volume *v = &o->volumes.v[i];
		if (microvm) {
			cpio_tree(&c, v->host, v->guest);   /* :ro is not enforced here either */
			copied_shared |= v->mode == VOLUME_SHARED;
		} else {
			/* A persistent volume is packed too: the guest reads its copy and sends
			 * every change to the host (uni/archive.h, UNI_ARCHIVE_SHARED). */
			pack_dir(f, v->host, v->guest, v->mode == VOLUME_RO ? UNI_ARCHIVE_RO
						       : v->mode == VOLUME_SHARED ? UNI_ARCHIVE_SHARED : 0);
		}
	}
	if (copied_shared)
		fprintf(stderr, "uni-run: note: -v: a linux-microvm image gets its volumes as copies: "
			"its writes stay in the VM (give :copy to say so, or link it for pvh to write "
			"to the host)\n");
	if ((microvm && cpio_finish(&c) != 0) || fclose(f) != 0)
		uni_die("-v: cannot write %s: %s (fix: check free space in TMPDIR)", module, strerror(errno));
	return module;
}

int volume_served(const struct run_opts *o, const struct image *im, size_t i)
{
	return im->kind == IMAGE_PVH && o->volumes.v[i].mode == VOLUME_SHARED;
}

size_t volumes_served(const struct run_opts *o, const struct image *im)
{
	size_t n = 0;
	for (size_t i = 0; i < o->volumes.n; i++)
		n += volume_served(o, im, i) != 0;
	return n;
}

void volumes_describe(const struct run_opts *o, const struct image *im, const char *via)
{
	for (size_t i = 0; i < o->volumes.n; i++) {
		const struct volume *v = &o->volumes.v[i];
		if (volume_served(o, im, i))
			fprintf(stderr, "uni-run: volume %s at %s: persistent, %s (tag %s%zu)\n", v->host,
				v->guest, via, UNI_VOL_TAG, i);
		else
			fprintf(stderr, "uni-run: volume %s at %s: %s\n", v->host, v->guest,
				v->mode == VOLUME_RO ? "read-only copy" : "copy, writes stay in the guest");
	}
}
