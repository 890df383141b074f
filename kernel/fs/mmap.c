/* The file side of mmap (mm/map.c keeps the memory side): which files can be mapped, and how.
 * A MAP_PRIVATE mapping is a copy of the file, what Linux gives until a write. A MAP_SHARED
 * mapping's pages become the file's own pages (its page cache): write() lands in the mapping
 * and stores through the mapping are the file's contents, as on Linux, at no cost. The
 * mapping keeps the inode alive; at munmap its pages stay with the file. One shared mapping
 * per range of a file: mapping the same range again returns the same address. mremap grows a
 * shared mapping with more of the file's pages (SQLite grows its database's mapping so). */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include "uni/console.h"
#include "uni/fs.h"
#include "uni/kmem.h"
#include "uni/mm.h"
#include "uni/runtime.h"
#include "uni/volume.h"

struct fmap {
	struct fmap *next;
	struct uni_inode *inode;   /* referenced */
	uint64_t addr, len, off;   /* len: whole pages */
	int refs;
};
static struct fmap *fmaps;

int uni_file_map_existing(int fd, long off, uint64_t len, uint64_t *addr)
{
	struct uni_inode *n = uni_fd_get(fd)->inode;
	uint64_t o = (uint64_t)off, l = UNI_PAGE_UP(len);
	for (struct fmap *m = fmaps; m; m = m->next) {
		if (m->inode != n || m->off + m->len <= o || o + l <= m->off)
			continue;
		if (m->off != o || m->len != l) {
			static int told;
			if (!told++)
				uni_log("mmap: a MAP_SHARED mapping of a file range that overlaps another shared "
					"mapping of it differently is not supported (ENODEV)");
			return -ENODEV;
		}
		m->refs++;
		*addr = m->addr;
		return 1;
	}
	return 0;
}

void uni_file_map_fill(int fd, long off, void *dst, size_t len, int shared)
{
	struct uni_inode *n = uni_fd_get(fd)->inode;
	if (uni_inode_is_dev_zero(n))
		return;
	if (!shared) {
		uni_data_read(n, dst, len, (uint64_t)off);
		return;
	}
	struct fmap *m = uni_kalloc(sizeof *m);
	if (!m || uni_data_adopt(n, (uint64_t)off, dst, UNI_PAGE_UP(len))) {
		if (m)
			uni_kfree(m, sizeof *m);
		uni_data_read(n, dst, len, (uint64_t)off);   /* no memory to track it: a copy */
		return;
	}
	*m = (struct fmap){ fmaps, n, (uint64_t)dst, UNI_PAGE_UP(len), (uint64_t)off, 1 };
	fmaps = m;
	uni_inode_get(n);
	n->u.data.shared_maps++;
	if (n->vopen)
		n->vopen->mapped = 1;   /* its pages go to the host at msync, fsync, close and exit */
}

void uni_file_map_release(uint64_t s, uint64_t e, void (*release)(uint64_t, uint64_t))
{
	uint64_t from = s;
	for (;;) {
		/* The lowest shared mapping overlapping [from, e). */
		struct fmap **low = 0;
		for (struct fmap **p = &fmaps; *p; p = &(*p)->next)
			if ((*p)->addr < e && (*p)->addr + (*p)->len > from && (!low || (*p)->addr < (*low)->addr))
				low = p;
		if (!low)
			break;
		struct fmap *m = *low;
		if (m->addr > from)
			release(from, m->addr);
		from = m->addr + m->len;
		if (m->addr >= s && m->addr + m->len <= e && --m->refs == 0) {
			*low = m->next;
			m->inode->u.data.shared_maps--;
			uni_inode_put(m->inode);
			uni_kfree(m, sizeof *m);
		} else if (m->addr < s && m->addr + m->len <= e && m->refs == 1) {
			/* Its tail unmapped (SQLite does so before mremap): it ends at s; those pages
			 * stay the file's, in no mapping. */
			m->len = s - m->addr;
		}
	}
	if (from < e)
		release(from, e);
}

long uni_file_map_grow(uint64_t s, uint64_t old_len, uint64_t new_len, int may_move)
{
	struct fmap *m = 0;
	for (struct fmap *p = fmaps; p; p = p->next)
		if (p->addr == s)
			m = p;
	/* Another mmap of the range shares m: it must stay where it is. */
	if (!m || m->len != old_len || new_len <= old_len || m->refs != 1)
		return -EINVAL;
	for (struct fmap *p = fmaps; p; p = p->next)
		if (p != m && p->inode == m->inode && p->off < m->off + new_len && m->off < p->off + p->len)
			return -EINVAL;   /* those file pages are another mapping's memory */
	uint64_t at = s;
	if (uni_mm_is_free(s + old_len, s + new_len)) {
		uni_mm_claim(s + old_len, s + new_len);
		if (uni_data_adopt(m->inode, m->off + old_len, (unsigned char *)(s + old_len), new_len - old_len)) {
			uni_mm_release(s + old_len, s + new_len);
			return -ENOMEM;
		}
	} else {
		if (!may_move)
			return -ENOMEM;
		unsigned char *p = uni_mm_alloc(new_len);
		if (!p)
			return -ENOMEM;
		/* The new pages take the old ones' contents and place in the file; the old ones are freed. */
		if (uni_data_adopt(m->inode, m->off, p, new_len)) {
			uni_mm_free(p, new_len);
			return -ENOMEM;
		}
		at = (uint64_t)p;
	}
	m->addr = at;
	m->len = new_len;
	return (long)at;
}

int uni_file_map_overlaps(uint64_t s, uint64_t e)
{
	for (struct fmap *m = fmaps; m; m = m->next)
		if (m->addr < e && m->addr + m->len > s)
			return 1;
	return 0;
}

int uni_file_page_mapped(const struct uni_inode *n, uint64_t idx)
{
	uint64_t at = idx * UNI_FS_PAGE;
	for (struct fmap *m = fmaps; m; m = m->next)
		if (m->inode == n && at >= m->off && at < m->off + m->len)
			return 1;
	return 0;
}
