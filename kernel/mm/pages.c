/* Free RAM as a sorted list of page-aligned extents. Ring 0 maps all RAM user RW NX at
 * boot, so allocating is bookkeeping only: no page-table change, no ring-0 entry, and a
 * page is not touched until the program touches it. Extents remember whether they were
 * ever used: RAM from boot is zero, reused RAM is cleared on allocation. */
#include <string.h>
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/mm.h"
#include "uni/runtime.h"
#include "platform/pvh/start_info.h"

#define MAX_EXTENTS 4096

struct extent {
	uint64_t start, end;
	int dirty;
};

static struct extent ext[MAX_EXTENTS];
static int next;
static uint64_t total;
static uint64_t mmap_top = UINT64_MAX;   /* where the mmap area starts growing down from */

uint64_t uni_mm_total_bytes(void) { return total; }

uint64_t uni_mm_free_bytes(void)
{
	uint64_t n = 0;
	for (int i = 0; i < next; i++)
		n += ext[i].end - ext[i].start;
	return n;
}

static void remove_at(int i)
{
	memmove(&ext[i], &ext[i + 1], (size_t)(next - i - 1) * sizeof ext[0]);
	next--;
}

static int insert_at(int i, uint64_t s, uint64_t e, int dirty)
{
	if (next == MAX_EXTENTS) {
		uni_log("memory map too fragmented: %llu bytes at %#llx are lost",
			(unsigned long long)(e - s), (unsigned long long)s);
		return -1;
	}
	memmove(&ext[i + 1], &ext[i], (size_t)(next - i) * sizeof ext[0]);
	ext[i] = (struct extent){ s, e, dirty };
	next++;
	return 0;
}

/* Takes [s, e) out of the free list, clearing the parts that were used before.
 * Returns the number of bytes that were free in that range. */
uint64_t uni_mm_claim(uint64_t s, uint64_t e)
{
	uint64_t got = 0;
	for (int i = 0; i < next; i++) {
		struct extent x = ext[i];
		if (x.end <= s || x.start >= e)
			continue;
		uint64_t cs = x.start > s ? x.start : s, ce = x.end < e ? x.end : e;
		if (x.dirty)
			memset((void *)cs, 0, ce - cs);
		got += ce - cs;
		remove_at(i);
		int k = i;
		if (x.start < cs && insert_at(k, x.start, cs, x.dirty) == 0)
			k++;
		if (ce < x.end && insert_at(k, ce, x.end, x.dirty) == 0)
			k++;
		i = k - 1;
	}
	return got;
}

/* Returns [s, e) to the free list; parts already free are left alone. */
void uni_mm_release(uint64_t s, uint64_t e)
{
	uint64_t a = s;
	while (a < e) {
		int i = 0;
		while (i < next && ext[i].end <= a)
			i++;
		if (i < next && ext[i].start <= a) {   /* already free */
			a = ext[i].end;
			continue;
		}
		uint64_t b = (i < next && ext[i].start < e) ? ext[i].start : e;
		int k = i;
		if (i > 0 && ext[i - 1].end == a && ext[i - 1].dirty)
			ext[--k].end = b;
		else if (i < next && ext[i].start == b && ext[i].dirty)
			ext[i].start = a;
		else if (insert_at(i, a, b, 1))
			return;
		/* Join the next extent too: files free their pages one by one, in any order,
		 * and each page must not cost an extent. */
		if (k + 1 < next && ext[k].end == ext[k + 1].start && ext[k + 1].dirty) {
			ext[k].end = ext[k + 1].end;
			remove_at(k + 1);
		}
		a = b;
	}
}

int uni_mm_is_free(uint64_t s, uint64_t e)
{
	for (int i = 0; i < next; i++)
		if (ext[i].start <= s && e <= ext[i].end)
			return 1;
	return 0;
}

/* The highest place for len bytes aligned to align in free RAM below 'below', or 0. */
static uint64_t highest_fit(uint64_t len, uint64_t align, uint64_t below)
{
	for (int i = next - 1; i >= 0; i--) {
		uint64_t end = ext[i].end < below ? ext[i].end : below;
		if (end < ext[i].start || end - ext[i].start < len)
			continue;
		uint64_t s = (end - len) & ~(align - 1);
		if (s >= ext[i].start)
			return s;
	}
	return 0;
}

void *uni_mm_alloc_aligned(size_t len, uint64_t align)
{
	len = UNI_PAGE_UP(len);
	/* Highest fitting extent first, so brk can grow up from the bottom; below the randomized
	 * top of the mmap area first, and only when nothing fits there from the RAM above it, so
	 * the randomization costs no memory. */
	uint64_t s = highest_fit(len, align, mmap_top);
	if (!s)
		s = highest_fit(len, align, UINT64_MAX);
	if (!s)
		return NULL;
	uni_mm_claim(s, s + len);
	return (void *)s;
}

void *uni_mm_alloc(size_t len)
{
	return uni_mm_alloc_aligned(len, UNI_PAGE_SIZE);
}

void uni_mm_free(void *p, size_t len)
{
	uni_mm_release((uint64_t)p, (uint64_t)p + UNI_PAGE_UP(len));
}

static void exclude(uint64_t s, uint64_t len)
{
	uni_mm_claim(s & ~0xfffull, UNI_PAGE_UP(s + len));
}

void uni_mm_init(void)
{
	const struct pvh_start_info *si = (const void *)uni_boot.start_info;
	const struct pvh_memmap_entry *mm = (const void *)uni_boot_virt(si->memmap_paddr);
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		if (mm[i].type != PVH_MEMMAP_RAM)
			continue;
		uint64_t s = UNI_PAGE_UP(mm[i].addr), e = (mm[i].addr + mm[i].size) & ~0xfffull;
		if (e <= uni_boot.ram_moved)
			continue;   /* the image's and ring 0's */
		s = uni_boot_virt(s < uni_boot.ram_moved ? uni_boot.ram_moved : s);
		e = uni_boot_virt(e);
		if (s < uni_boot.free_start)
			s = uni_boot.free_start;
		/* Above fine_end ring 0 mapped only whole 2 MiB pages of RAM (and the boot
		 * module's part of a partial last one, which is excluded below anyway). */
		if (e > uni_boot.fine_end)
			e = e & ~0x1fffffull;
		if (e > uni_boot.ram_top)
			e = uni_boot.ram_top;
		if (s < e) {
			int k = 0;
			while (k < next && ext[k].start < s)
				k++;
			insert_at(k, s, e, 0);
		}
	}
	/* The boot module (volumes, read in place by the filesystem) and the boot information
	 * stay where PVH put them. */
	if (uni_boot.module_size)
		exclude(uni_boot.module, uni_boot.module_size);
	exclude(uni_boot.start_info, sizeof *si);
	exclude(uni_boot_virt(si->memmap_paddr), si->memmap_entries * sizeof *mm);
	exclude(uni_boot_virt(si->cmdline_paddr), UNI_PAGE_SIZE);
	total = uni_mm_free_bytes();
	/* Up to a 16th of RAM: what a large mapping may find cut off above the first small one. */
	mmap_top = uni_boot.ram_top - uni_aslr_offset(total / 16, UNI_PAGE_SIZE);
}
