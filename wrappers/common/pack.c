/* pack.c: the uni archive writer: walks a host directory in sorted order (so the same tree
 * gives the same bytes) and writes each entry 8-byte aligned after the archive header. */
#include "uni.h"
#include "pack.h"
#include "../../kernel/include/uni/archive.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct packer {
	FILE *f;
	const char *root;    /* host directory */
	uint64_t entries;
	long start;          /* offset of the header in f */
};

static void put(struct packer *p, const void *data, size_t n)
{
	if (n && fwrite(data, 1, n, p->f) != n)
		uni_die("packing %s: cannot write the archive: %s (fix: free space in $TMPDIR)", p->root, strerror(errno));
}

static void pad(struct packer *p, uint64_t n)
{
	static const char zero[8];
	put(p, zero, (size_t)(UNI_ARCHIVE_ALIGN(n) - n));
}

static void entry(struct packer *p, const char *rel, const struct stat *st, uint64_t data_len)
{
	struct uni_archive_entry e = {
		.mode = st->st_mode,
		.path_len = (uint32_t)strlen(rel),
		.data_len = data_len,
		.mtime_sec = st->st_mtim.tv_sec,
		.mtime_nsec = (uint32_t)st->st_mtim.tv_nsec,
	};
	put(p, &e, sizeof e);
	put(p, rel, e.path_len + 1);
	pad(p, e.path_len + 1);
	p->entries++;
}

static void copy_file(struct packer *p, const char *host, const char *rel, const struct stat *st)
{
	FILE *in = fopen(host, "rb");
	if (!in)
		uni_die("packing: cannot read %s: %s (fix: make it readable or remove it from the "
			"directory)", host, strerror(errno));
	entry(p, rel, st, (uint64_t)st->st_size);
	char buf[65536];
	uint64_t done = 0;
	size_t n;
	while (done < (uint64_t)st->st_size && (n = fread(buf, 1, sizeof buf, in)) > 0) {
		if (done + n > (uint64_t)st->st_size)
			n = (size_t)((uint64_t)st->st_size - done);
		put(p, buf, n);
		done += n;
	}
	fclose(in);
	if (done != (uint64_t)st->st_size)
		uni_die("packing: %s changed size while being packed (fix: pack it again when "
			"nothing writes to it)", host);
	pad(p, done);
}

static void walk(struct packer *p, const char *host, const char *rel)
{
	struct dirent **names;
	int n = scandir(host, &names, NULL, alphasort);
	if (n < 0)
		uni_die("packing: cannot list %s: %s (fix: make it readable)", host, strerror(errno));
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		char *h = uni_strf("%s/%s", host, name);
		char *r = *rel ? uni_strf("%s/%s", rel, name) : uni_xstrdup(name);
		struct stat st;
		if (lstat(h, &st) != 0)
			uni_die("packing: cannot stat %s: %s (fix: pack a directory whose entries "
				"stay while it is read, not /proc or /sys)", h, strerror(errno));
		if (S_ISDIR(st.st_mode)) {
			entry(p, r, &st, 0);
			walk(p, h, r);
		} else if (S_ISREG(st.st_mode)) {
			copy_file(p, h, r, &st);
		} else if (S_ISLNK(st.st_mode)) {
			char target[4096];
			ssize_t len = readlink(h, target, sizeof target);
			if (len < 0 || len == sizeof target)
				uni_die("packing: cannot read the symlink %s: %s (fix: make it "
					"readable or remove it)", h, len < 0 ? strerror(errno) : "target too long");
			entry(p, r, &st, (uint64_t)len);
			put(p, target, (size_t)len);
			pad(p, (uint64_t)len);
		} else {
			uni_warn("packing: skipping %s: %s cannot be packed into an image, only "
				"files, directories and symlinks can (fix: remove it to silence "
				"this)", h,
				 S_ISSOCK(st.st_mode) ? "a socket" : S_ISFIFO(st.st_mode) ? "a fifo" : "a device node");
		}
		free(h);
		free(r);
		free(names[i]);
	}
	free(names);
}

void pack_dir(FILE *f, const char *dir, const char *mount, unsigned flags)
{
	struct stat st;
	if (stat(dir, &st) != 0)
		uni_die("packing: %s: %s (fix: give an existing directory)", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		uni_die("packing: %s is not a directory (fix: give a directory)", dir);
	struct packer p = { .f = f, .root = dir, .start = ftell(f) };
	struct uni_archive h = { .mount_len = (uint32_t)strlen(mount), .flags = flags };
	put(&p, &h, sizeof h);
	put(&p, mount, h.mount_len + 1);
	pad(&p, h.mount_len + 1);
	walk(&p, dir, "");
	long end = ftell(f);
	memcpy(h.magic, UNI_ARCHIVE_MAGIC, 8);
	h.size = (uint64_t)(end - p.start);
	h.entries = p.entries;
	if (fseek(f, p.start, SEEK_SET) != 0)
		uni_die("packing %s: cannot seek in the archive: %s (fix: set TMPDIR to a "
			"directory on an ordinary file system)", dir, strerror(errno));
	put(&p, &h, sizeof h);
	if (fseek(f, end, SEEK_SET) != 0)
		uni_die("packing %s: cannot seek in the archive: %s (fix: set TMPDIR to a "
			"directory on an ordinary file system)", dir, strerror(errno));
}
