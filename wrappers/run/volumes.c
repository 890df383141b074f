/* volumes.c: uni-run -v: packs each host directory, mounted at its guest path, into one
 * temporary file that QEMU passes as -initrd: uni archives (the boot module) for an image;
 * for linux-microvm, the image's initramfs followed by a cpio of the volumes (Linux unpacks
 * concatenated cpio archives into one root). */
#include "run.h"
#include "../common/cpio.h"
#include "../common/pack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *module;

static void remove_module(void)
{
	if (module)
		unlink(module);
}

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
	const char *t = getenv("TMPDIR");
	module = uni_strf("%s/uni-run-volumes.XXXXXX", t && *t ? t : "/tmp");
	int fd = mkstemp(module);
	if (fd < 0)
		uni_die("-v: cannot create a temporary file in %s for the -v volumes: %s (fix: set "
			"TMPDIR to a writable directory)", t && *t ? t : "/tmp", strerror(errno));
	atexit(remove_module);
	FILE *f = fdopen(fd, "w+b");
	if (!f)
		uni_die("-v: fdopen: %s (fix: retry; report it if it repeats)", strerror(errno));
	struct cpio c = { .f = f };
	int microvm = im->kind == IMAGE_MICROVM;
	if (microvm)
		copy_image(f, im);
	for (size_t i = 0; i < o->volumes.n; i++) {
		/* opts.c checked the form HOST:/GUEST[:ro|:rw]. */
		char *host = uni_xstrdup(o->volumes.v[i]), *guest = strchr(host, ':');
		*guest++ = '\0';
		char *opt = strrchr(guest, ':');
		int ro = opt && strcmp(opt, ":ro") == 0;
		if (opt)
			*opt = '\0';
		if (microvm)
			cpio_tree(&c, host, guest);   /* :ro is not enforced here either */
		else
			pack_dir(f, host, guest, ro ? 1 : 0);
		free(host);
	}
	if ((microvm && cpio_finish(&c) != 0) || fclose(f) != 0)
		uni_die("-v: cannot write %s: %s (fix: check free space in TMPDIR)", module, strerror(errno));
	return module;
}
