/* oci.h: the parts of uni-oci: reading the uni image and writing the OCI image layout. */
#ifndef UNI_OCI_H
#define UNI_OCI_H

#include <stddef.h>

#include "uni.h"

/* Where the layer puts the image (docs/KUBERNETES.md): the file KubeVirt's kernelBoot
 * kernelPath names, owned by the container-disk user, and a hard link to it that is the
 * container's entrypoint. */
#define OCI_KERNEL_DIR "boot"
#define OCI_ENTRY_DIR "uni"
#define OCI_DISK_UID 107 /* the qemu user KubeVirt's virt-launcher reads container disks as */

struct oci_opts {
	const char *image;    /* the uni image file */
	const char *dir;      /* the layout to write */
	const char *name;     /* --tag NAME (the file name in the layer) */
	const char *tag;      /* --tag TAG: index.json's org.opencontainers.image.ref.name */
	struct strv env;      /* --env K=V */
	struct strv args;     /* after --: the config's Cmd */
};

/* Reads path whole; dies unless it is a uni image that runs on both platforms (PVH, process). */
char *oci_read_image(const char *path, size_t *size);

/* Writes the layout under o->dir from the image bytes; dies naming the file it could not write. */
void oci_write_layout(const struct oci_opts *o, const char *data, size_t size);

#endif
