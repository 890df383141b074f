/* cpio.c: write a newc ("070701") cpio archive, the format Linux unpacks as an initramfs. */
#include "ld.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void put(struct cpio *c, const void *p, size_t n)
{
	if (c->failed || fwrite(p, 1, n, c->f) != n) {
		c->failed = 1;
		return;
	}
	c->off += n;
}

static void pad4(struct cpio *c)
{
	static const char zero[4];
	put(c, zero, (4 - c->off % 4) % 4);
}

/* One entry: header, NUL-terminated name and data, each padded to 4 bytes. All entries get
 * mtime 0 and uid/gid 0, so the same inputs give the same archive. */
static void entry(struct cpio *c, const char *name, unsigned mode, unsigned rmaj, unsigned rmin,
		  const void *data, size_t size)
{
	char hdr[128];
	size_t namesize = strlen(name) + 1;
	if (size > 0xffffffffu)
		uni_die("%s is %zu bytes; an initramfs (newc cpio) holds files below 4 GiB", name, size);
	snprintf(hdr, sizeof hdr, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ++c->ino, mode, 0u, 0u, S_ISDIR(mode) ? 2u : 1u, 0u, (unsigned)size, 0u, 0u, rmaj,
		 rmin, (unsigned)namesize, 0u);
	put(c, hdr, 110);
	put(c, name, namesize);
	pad4(c);
	put(c, data, size);
	pad4(c);
}

void cpio_file(struct cpio *c, const char *name, unsigned perm, const void *data, size_t size)
{
	entry(c, name, S_IFREG | perm, 0, 0, data, size);
}

void cpio_dir(struct cpio *c, const char *name)
{
	entry(c, name, S_IFDIR | 0755, 0, 0, NULL, 0);
}

void cpio_chardev(struct cpio *c, const char *name, unsigned perm, unsigned major, unsigned minor)
{
	entry(c, name, S_IFCHR | perm, major, minor, NULL, 0);
}

int cpio_finish(struct cpio *c)
{
	entry(c, "TRAILER!!!", 0, 0, 0, NULL, 0);
	/* The kernel reads the archive in 512-byte blocks as cpio(1) writes it; pad likewise. */
	static const char zero[512];
	put(c, zero, (512 - c->off % 512) % 512);
	if (fflush(c->f) != 0)
		c->failed = 1;
	return c->failed ? -1 : 0;
}
