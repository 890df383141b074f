/* microvm.c: the linux-microvm platform: pack the linked executable, our init shim and Debian's
 * virtio modules into a newc initramfs that uni-run boots with Debian's kernel. */
#include "ld.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KERNEL_FIX "linux-microvm needs Debian's kernel: run ./build.sh (step microvm-kernel), " \
		   "or link with --uni-platform=linux"

/* Reads a whole file; dies naming the fix when it cannot. */
static char *slurp(const char *path, size_t *size, const char *fix)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		uni_die("initramfs: cannot read %s: %s (fix: %s)", path, strerror(errno), fix);
	size_t cap = 1 << 16, n = 0;
	char *buf = uni_xmalloc(cap);
	/* One byte stays free for the NUL that makes text files strings. */
	for (size_t got; (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
		n += got;
		if (n == cap - 1) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				uni_die("initramfs: out of memory reading %s (fix: free memory, or "
					"give the machine more)", path);
		}
	}
	if (ferror(f))
		uni_die("initramfs: cannot read %s: %s (fix: %s)", path, strerror(errno), fix);
	fclose(f);
	buf[n] = '\0';
	*size = n;
	return buf;
}

static int is_module(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 3 && strcmp(d->d_name + n - 3, ".ko") == 0;
}

void microvm_pack(const char *path)
{
	const char *dir = uni_strf("%s/usr/lib/uni/linux-microvm", uni_sysroot());
	const char *kdir = uni_strf("%s/kernel", dir);
	size_t n, prog_size, init_size;
	char *release = slurp(uni_strf("%s/release", kdir), &n, KERNEL_FIX);
	release[strcspn(release, "\n")] = '\0';
	char *init = slurp(uni_strf("%s/init", dir), &init_size,
			   "the linux-microvm init shim is not built; run ./build.sh (step init)");
	char *prog = slurp(path, &prog_size, "the link step did not leave the executable it reported");

	const char *tmp = uni_strf("%s.uni-tmp", path);
	struct cpio c = { .f = fopen(tmp, "wb") };
	if (!c.f)
		uni_die("initramfs: cannot create %s: %s (fix: make its folder writable)", tmp, strerror(errno));
	/* The first entry marks the archive for uni-run; the kernel unpacks it as a plain file. */
	char *marker = uni_strf("uni-linux-microvm 1\nkernel %s\nprogram %s\n", release, uni_basename(path));
	cpio_file(&c, "uni-linux-microvm", 0644, marker, strlen(marker));
	cpio_dir(&c, "dev");
	cpio_chardev(&c, "dev/console", 0600, 5, 1);
	cpio_chardev(&c, "dev/null", 0666, 1, 3);
	cpio_chardev(&c, "dev/ttyS0", 0600, 4, 64);
	cpio_chardev(&c, "dev/ttyS1", 0600, 4, 65);
	cpio_dir(&c, "proc");
	cpio_dir(&c, "tmp");
	cpio_dir(&c, "lib");
	cpio_dir(&c, "lib/modules");
	/* Modules are named NN-name.ko by build.sh; init loads them in this (sorted) order. */
	struct dirent **mods;
	int nmods = scandir(uni_strf("%s/modules", kdir), &mods, is_module, alphasort);
	if (nmods < 0)
		uni_die("initramfs: cannot list %s/modules: %s (fix: %s)", kdir, strerror(errno), KERNEL_FIX);
	for (int i = 0; i < nmods; i++) {
		size_t size;
		char *ko = slurp(uni_strf("%s/modules/%s", kdir, mods[i]->d_name), &size, KERNEL_FIX);
		cpio_file(&c, uni_strf("lib/modules/%s", mods[i]->d_name), 0644, ko, size);
		free(ko);
	}
	cpio_file(&c, "init", 0755, init, init_size);
	cpio_file(&c, "prog", 0755, prog, prog_size);
	if (cpio_finish(&c) != 0 || fclose(c.f) != 0) {
		unlink(tmp);
		uni_die("initramfs: writing %s failed: %s (fix: free space)", tmp, strerror(errno));
	}
	chmod(tmp, 0644);
	if (rename(tmp, path) != 0)
		uni_die("initramfs: cannot rename %s to %s: %s (fix: make the output's folder "
			"writable)", tmp, path, strerror(errno));
}
