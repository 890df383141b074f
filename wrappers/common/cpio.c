/* cpio.c: write a newc ("070701") cpio archive, the format Linux unpacks as an initramfs. */
#include "cpio.h"
#include "uni.h"

#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

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
		uni_die("initramfs: %s is %zu bytes, and an initramfs (newc cpio) holds files "
			"below 4 GiB (fix: leave it out of the image)", name, size);
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

void cpio_symlink(struct cpio *c, const char *name, const char *target)
{
	entry(c, name, S_IFLNK | 0777, 0, 0, target, strlen(target));
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

/* host is a path on this machine, name the same object's path in the archive (no leading /). */
static void tree(struct cpio *c, const char *host, const char *name)
{
	struct stat st;
	if (lstat(host, &st) != 0)
		uni_die("initramfs: cannot read %s: %s (fix: make it readable or remove it)", host, strerror(errno));
	if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlink(host, target, sizeof target - 1);
		if (n < 0)
			uni_die("initramfs: cannot read the symlink %s: %s (fix: make it readable "
				"or remove it)", host, strerror(errno));
		target[n] = '\0';
		cpio_symlink(c, name, target);
	} else if (S_ISREG(st.st_mode)) {
		FILE *f = fopen(host, "rb");
		char *data = st.st_size ? malloc((size_t)st.st_size) : NULL;
		if (!f || (st.st_size && (!data || fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size)))
			uni_die("initramfs: cannot read %s: %s (fix: make it readable or remove it)", host, strerror(errno));
		fclose(f);
		entry(c, name, S_IFREG | (st.st_mode & 07777), 0, 0, data, (size_t)st.st_size);
		free(data);
	} else if (S_ISDIR(st.st_mode)) {
		if (*name)
			entry(c, name, S_IFDIR | (st.st_mode & 07777), 0, 0, NULL, 0);
		DIR *d = opendir(host);
		if (!d)
			uni_die("initramfs: cannot read the directory %s: %s (fix: make it "
				"readable or remove it)", host, strerror(errno));
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char *h = uni_strf("%s/%s", host, e->d_name);
			char *n = *name ? uni_strf("%s/%s", name, e->d_name) : uni_xstrdup(e->d_name);
			tree(c, h, n);
			free(h);
			free(n);
		}
		closedir(d);
	} else {
		fprintf(stderr, "warning: skipping %s: device nodes, sockets and fifos are not copied\n", host);
	}
}

void cpio_tree(struct cpio *c, const char *dir, const char *mount)
{
	/* The parents of the mount point, then the tree itself at the mount point. */
	char *path = uni_xstrdup(mount + (*mount == '/'));
	for (char *p = path; *p; p++)
		if (*p == '/') {
			*p = '\0';
			cpio_dir(c, path);
			*p = '/';
		}
	tree(c, dir, path);
	free(path);
}
