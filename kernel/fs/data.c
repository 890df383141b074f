/* Regular file contents as an array of 4 KiB pages from the page allocator. Holes read as
 * zeros and cost nothing; bytes from the image or a boot module are read in place until a
 * write copies their page (copy-on-write). */
#include <errno.h>
#include <string.h>
#include "uni/fs.h"
#include "uni/kmem.h"
#include "uni/runtime.h"
#include "uni/volume.h"

/* fs/mmap.c (file mappings) links only with the calls that make a mappable file: without it no
 * inode has shared_maps, and this is never called (uni/fs.h). */
#pragma weak uni_file_page_mapped

#define PG UNI_FS_PAGE

static int owned(const struct uni_filedata *d, uint64_t idx)
{
	return idx < d->cap && d->pages[idx];
}

/* How much of the left bytes from pos lie in pos's page: the reads and writes go a page
 * at a time. */
static size_t in_page(uint64_t pos, size_t left)
{
	size_t room = PG - (size_t)(pos % PG);
	return room < left ? room : left;
}

/* Copies len bytes at pos, all in one page, into dst from whatever backs them: the file's
 * own page, else the base bytes and zeros past them. */
static void copy_out(const struct uni_filedata *d, uint64_t pos, unsigned char *dst, size_t len)
{
	uint64_t idx = pos / PG;
	if (owned(d, idx)) {
		memcpy(dst, d->pages[idx] + pos % PG, len);
		return;
	}
	size_t from_base = 0;
	if (pos < d->base_len)
		from_base = d->base_len - pos < len ? (size_t)(d->base_len - pos) : len;
	memcpy(dst, d->base + pos, from_base);
	memset(dst + from_base, 0, len - from_base);
}

ssize_t uni_data_read(struct uni_inode *n, void *buf, size_t len, uint64_t off)
{
	const struct uni_filedata *d = &n->u.data;
	if (off >= n->size)
		return 0;
	if (len > n->size - off)
		len = (size_t)(n->size - off);
	unsigned char *out = buf;
	for (size_t done = 0, chunk; done < len; done += chunk) {
		chunk = in_page(off + done, len - done);
		copy_out(d, off + done, out + done, chunk);
	}
	return (ssize_t)len;
}

const void *uni_data_span(struct uni_inode *n, uint64_t off, size_t *len)
{
	/* In .bss, not .rodata: a page of zeros costs the image file nothing there. Only read. */
	static unsigned char zeros[PG];
	const struct uni_filedata *d = &n->u.data;
	if (off >= n->size) {
		*len = 0;
		return NULL;
	}
	uint64_t want = n->size - off < *len ? n->size - off : *len, idx = off / PG, got;
	const unsigned char *p;
	if (owned(d, idx)) {
		p = d->pages[idx] + off % PG;
		got = PG - off % PG;
		for (uint64_t i = idx + 1; got < want && owned(d, i) && d->pages[i] == d->pages[idx] + (i - idx) * PG; i++)
			got += PG;
	} else if (off < d->base_len) {
		p = d->base + off;
		got = d->base_len - off;
		for (uint64_t i = idx + 1; i * PG < off + want && i * PG < d->base_len; i++)
			if (owned(d, i)) {
				got = i * PG - off;
				break;
			}
	} else {
		p = zeros + off % PG;
		got = PG - off % PG;
	}
	*len = (size_t)(got < want ? got : want);
	return p;
}

/* Makes pages[] hold at least want entries. */
static int grow_table(struct uni_filedata *d, uint64_t want)
{
	if (want <= d->cap)
		return 0;
	uint64_t cap = d->cap ? d->cap : 8;
	while (cap < want)
		cap *= 2;
	unsigned char **p = uni_kalloc(cap * sizeof *p);
	if (!p)
		return -ENOSPC;
	if (d->cap)
		memcpy(p, d->pages, d->cap * sizeof *p);
	uni_kfree(d->pages, d->cap * sizeof *p);
	d->pages = p;
	d->cap = cap;
	return 0;
}

/* The writable page idx, allocated (and filled from base) on first use. */
static unsigned char *own_page(struct uni_filedata *d, uint64_t idx)
{
	if (grow_table(d, idx + 1))
		return NULL;
	if (!d->pages[idx]) {
		unsigned char *p = uni_mm_alloc(PG);
		if (!p)
			return NULL;
		if (idx * PG < d->base_len)
			copy_out(d, idx * PG, p, PG);
		d->pages[idx] = p;
		d->allocated++;
	}
	return d->pages[idx];
}

int uni_data_adopt(struct uni_inode *n, uint64_t off, unsigned char *dst, uint64_t len)
{
	struct uni_filedata *d = &n->u.data;
	uint64_t first = off / PG, count = len / PG;
	if (grow_table(d, first + count))
		return -ENOSPC;
	for (uint64_t i = 0; i < count; i++) {
		unsigned char *page = dst + i * PG, *old = d->pages[first + i];
		copy_out(d, (first + i) * PG, page, PG);
		if (old)
			uni_mm_free(old, PG);
		else
			d->allocated++;
		d->pages[first + i] = page;
	}
	return 0;
}

ssize_t uni_data_write(struct uni_inode *n, const void *buf, size_t len, uint64_t off)
{
	struct uni_filedata *d = &n->u.data;
	const unsigned char *in = buf;
	size_t done = 0;
	if (n->vopen) {   /* the host's copy first: what it did not take is not written */
		ssize_t w = uni_vol_write(n, buf, len, off);
		if (w < 0)
			return w;
		len = (size_t)w;
	}
	while (done < len) {
		uint64_t pos = off + done;
		size_t chunk = in_page(pos, len - done);
		unsigned char *p = own_page(d, pos / PG);
		if (!p)
			break;
		memcpy(p + pos % PG, in + done, chunk);
		done += chunk;
	}
	if (done && off + done > n->size)
		n->size = off + done;
	if (!done && len)
		return -ENOSPC;
	return (ssize_t)done;
}

int uni_data_truncate(struct uni_inode *n, uint64_t size)
{
	struct uni_filedata *d = &n->u.data;
	if (n->vopen && size != n->size) {
		int r = uni_vol_truncate(n, size);
		if (r)
			return r;
	}
	if (size < n->size) {
		uint64_t keep = (size + PG - 1) / PG;
		for (uint64_t i = keep; i < d->cap; i++) {
			if (!d->pages[i])
				continue;
			if (d->shared_maps && uni_file_page_mapped(n, i)) {
				memset(d->pages[i], 0, PG);   /* a shared mapping's memory: it stays */
				continue;
			}
			uni_mm_free(d->pages[i], PG);
			d->pages[i] = NULL;
			d->allocated--;
		}
		/* The tail of the last kept page must read as zeros if the file grows again. */
		if (size % PG) {
			if (keep - 1 < d->cap && d->pages[keep - 1])
				memset(d->pages[keep - 1] + size % PG, 0, PG - size % PG);
		}
		if (d->base_len > size)
			d->base_len = size;
		if (size == 0 && d->cap && !d->shared_maps) {
			uni_kfree(d->pages, d->cap * sizeof *d->pages);
			d->pages = NULL;
			d->cap = 0;
		}
	}
	n->size = size;
	return 0;
}
