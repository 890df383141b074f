/* Ring 0: the final page tables. The image gets 4 KiB pages with its own permissions,
 * page 0 holds the pseudo-TSS, [4 KiB, 64 KiB) stays unmapped (NULL), a guard page sits
 * below the main stack, and the rest of RAM is one user RW NX mapping in 2 MiB pages. */
#include "ring0.h"
#include "uni/boot.h"
#include "uni/layout.h"
#include "platform/pvh/start_info.h"

#define MIB2 0x200000ull
#define GIB 0x40000000ull
#define MAX_STACK (8ull << 20)

static uint64_t pool;   /* next free page-table page, right after the image */

static uint64_t *alloc_table(void)
{
	uint64_t *t = (uint64_t *)pool;
	pool += UNI_PAGE_SIZE;
	r0_zero_page(t);
	return t;
}

static uint64_t up(uint64_t x, uint64_t a) { return (x + a - 1) & ~(a - 1); }

/* Flags of a 4 KiB page in the finely mapped low zone. */
static uint64_t low_page_flags(uint64_t a, uint64_t guard)
{
	if (a < UNI_NULL_GUARD || a == guard)
		return 0;
	if (a < (uint64_t)__image_start || a >= (uint64_t)__image_end)
		return PTE_P | PTE_W | PTE_U | PTE_NX;  /* boot info, stack, free RAM */
	if (a < (uint64_t)__text_start)
		return PTE_P | PTE_U | PTE_NX;          /* ELF headers and notes */
	if (a < (uint64_t)__text_end)
		return PTE_P | PTE_U;
	if (a < (uint64_t)__rodata_end)
		return PTE_P | PTE_U | PTE_NX;
	if (a < (uint64_t)__ring0_start)
		return PTE_P | PTE_W | PTE_U | PTE_NX;  /* data, bss */
	return PTE_P | PTE_W | PTE_NX;              /* ring-0 stack and tables */
}

uint64_t uni_ring0_paging(const struct pvh_start_info *si)
{
	const struct pvh_memmap_entry *mm = (const void *)si->memmap_paddr;
	uint64_t ram_top = 0;
	for (uint32_t i = 0; i < si->memmap_entries; i++)
		if (mm[i].type == PVH_MEMMAP_RAM && mm[i].addr + mm[i].size > ram_top)
			ram_top = mm[i].addr + mm[i].size;
	if (ram_top > 512 * GIB)
		ram_top = 512 * GIB;

	uint64_t stack = ram_top / 8 < MAX_STACK ? (ram_top / 8) & ~0xfffull : MAX_STACK;
	uint64_t npd = up(ram_top, GIB) / GIB, npt = 1, guard, fine_end;
	/* Layout after the image: tables, guard page, stack. The number of page tables
	 * depends on where the guard lands, so settle it by iteration (two rounds at most). */
	for (;;) {
		guard = (uint64_t)__image_end + (2 + npd + npt) * UNI_PAGE_SIZE;
		fine_end = up(guard + UNI_PAGE_SIZE, MIB2);
		if (fine_end / MIB2 <= npt)
			break;
		npt = fine_end / MIB2;
	}

	pool = (uint64_t)__image_end;
	uint64_t *pml4 = alloc_table(), *pdpt = alloc_table();
	pml4[0] = (uint64_t)pdpt | PTE_P | PTE_W | PTE_U;
	uint64_t *pd[512];
	for (uint64_t g = 0; g < npd; g++) {
		pd[g] = alloc_table();
		pdpt[g] = (uint64_t)pd[g] | PTE_P | PTE_W | PTE_U;
	}
	for (uint64_t c = 0; c < npt; c++) {
		uint64_t *pt = alloc_table();
		pd[c >> 9][c & 511] = (uint64_t)pt | PTE_P | PTE_W | PTE_U;
		for (uint64_t i = 0; i < 512; i++) {
			uint64_t a = c * MIB2 + i * UNI_PAGE_SIZE;
			uint64_t f = low_page_flags(a, guard);
			if (f)
				pt[i] = a | f;
		}
		if (c == 0)
			pt[0] = (uint64_t)uni_tss_page | PTE_P | PTE_W | PTE_NX;
	}
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		if (mm[i].type != PVH_MEMMAP_RAM)
			continue;
		uint64_t a = up(mm[i].addr, MIB2), end = (mm[i].addr + mm[i].size) & ~(MIB2 - 1);
		if (a < fine_end)
			a = fine_end;
		for (; a < end && a < ram_top; a += MIB2)
			pd[a / GIB][(a / MIB2) & 511] = a | PTE_P | PTE_W | PTE_U | PTE_NX | PTE_PS;
	}

	uni_boot.start_info = (uint64_t)si;
	uni_boot.ram_top = ram_top;
	uni_boot.guard = guard;
	uni_boot.stack_bottom = guard + UNI_PAGE_SIZE;
	uni_boot.stack_top = guard + UNI_PAGE_SIZE + stack;
	uni_boot.free_start = uni_boot.stack_top;
	uni_boot.fine_end = fine_end;
	uni_boot.ring0_pages = (pool - (uint64_t)__image_end) / UNI_PAGE_SIZE;
	return (uint64_t)pml4;
}
