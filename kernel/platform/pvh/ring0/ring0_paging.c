/* Ring 0: the final page tables. The image gets 4 KiB pages with its own permissions,
 * page 0 holds the pseudo-TSS, [4 KiB, 64 KiB) stays unmapped (NULL), a guard page sits
 * below the main stack, and the rest of RAM is one user RW NX mapping in 2 MiB pages.
 * Written for few instructions (each is emulated under PVM): the tables of the first
 * 4 GiB live in .uni.ring0, which the ELF loader zeroes, and every 4 KiB table is written
 * whole, so no page needs clearing. */
#include "ring0.h"
#include "uni/boot.h"
#include "uni/layout.h"
#include "platform/pvh/start_info.h"

#define MIB2 0x200000ull
#define GIB 0x40000000ull
#define MAX_STACK (8ull << 20)
#define STATIC_GIB 4

#define RING0 __attribute__((aligned(UNI_PAGE_SIZE), section(".uni.ring0")))
#define RING0_DATA __attribute__((section(".uni.ring0")))
uint64_t uni_ring0_pml4[512] RING0, uni_ring0_pdpt[512] RING0, uni_ring0_pd_low[STATIC_GIB][512] RING0;
/* The shared tables, for the other CPUs' copies (ring0_smp.c) and for mprotect. */
uint64_t *uni_ring0_pt0 RING0_DATA;

#define U_RW (PTE_P | PTE_W | PTE_U | PTE_NX)
#define U_R (PTE_P | PTE_U | PTE_NX)
#define U_RX (PTE_P | PTE_U)
#define S_RW (PTE_P | PTE_W | PTE_NX)

static uint64_t up(uint64_t x, uint64_t a) { return (x + a - 1) & ~(a - 1); }

/* Fills the 4 KiB entries for [a, b) of the low zone, whose page tables are contiguous,
 * with 'flags' (0 = not present). */
static void fill(uint64_t *ptes, uint64_t a, uint64_t b, uint64_t flags)
{
	uint64_t v = flags ? (a | flags) : 0, step = flags ? UNI_PAGE_SIZE : 0;
	for (uint64_t i = a >> 12, n = b >> 12; i < n; i++, v += step)
		ptes[i] = v;
}

/* Copies n bytes word by word (ring 0 calls no library code: it could use vector registers). */
static void copy_words(void *dst, uint64_t src, uint64_t n)
{
	uint64_t *d = dst;
	for (uint64_t i = 0; i < n / 8; i++)
		d[i] = ((const uint64_t *)src)[i];
}

/* SeaBIOS (q35, pc) puts start_info, the memory map and the command line below 64 KiB, which
 * ring 3 cannot read (NULL guard): copy what is there into ring-3 data. QEMU's microvm puts
 * them higher, and then this costs one comparison. */
static struct pvh_start_info low_si;
static struct pvh_memmap_entry low_mm[32];
static char low_cmdline[4096];

static const struct pvh_start_info *low_copy(const struct pvh_start_info *si)
{
	if ((uint64_t)si >= UNI_NULL_GUARD && si->memmap_paddr >= UNI_NULL_GUARD &&
	    (!si->cmdline_paddr || si->cmdline_paddr >= UNI_NULL_GUARD))
		return si;
	copy_words(&low_si, (uint64_t)si, sizeof low_si);
	if (low_si.memmap_paddr < UNI_NULL_GUARD) {
		if (low_si.memmap_entries > 32)
			low_si.memmap_entries = 32;
		copy_words(low_mm, low_si.memmap_paddr, low_si.memmap_entries * sizeof low_mm[0]);
		low_si.memmap_paddr = (uint64_t)low_mm;
	}
	if (low_si.cmdline_paddr && low_si.cmdline_paddr < UNI_NULL_GUARD) {
		const char *c = (const char *)low_si.cmdline_paddr;
		uint64_t i = 0;
		for (; i < sizeof low_cmdline - 1 && c[i]; i++)
			low_cmdline[i] = c[i];
		low_cmdline[i] = 0;
		low_si.cmdline_paddr = (uint64_t)low_cmdline;
	}
	return &low_si;
}

/* PVH loaders put the boot module at the top of RAM. When RAM does not end on 2 MiB (-m 101M;
 * q35 keeps its ACPI tables above it), the RAM loop leaves that last, partial 2 MiB page
 * unmapped, so the module's part in it gets 4 KiB pages of its own: a page that may hold
 * other things (ACPI data, device registers) is never mapped whole. The page allocator does
 * not use the partial page (mm/pages.c). */
static uint64_t module_tail_pt[512] RING0;

static void map_module_tail(uint64_t **pd, const struct pvh_start_info *si, uint64_t fine_end)
{
	if (!si->nr_modules)
		return;
	const struct pvh_module *mod = (const void *)si->modlist_paddr;
	uint64_t a = mod[0].paddr & ~0xfffull, b = up(mod[0].paddr + mod[0].size, UNI_PAGE_SIZE);
	uint64_t p = (b - 1) & ~(MIB2 - 1);   /* the 2 MiB page holding the module's end */
	uint64_t *pde = &pd[p / GIB][(p / MIB2) & 511];
	if (b <= a || p < fine_end || (*pde & PTE_P))
		return;
	if (a < p)
		a = p;
	*pde = (uint64_t)module_tail_pt | PTE_P | PTE_W | PTE_U;
	for (; a < b; a += UNI_PAGE_SIZE)
		module_tail_pt[(a - p) >> 12] = a | U_RW;
}

/* Where things go: the top of RAM, the guard page below the main stack, the end of the low
 * zone of 4 KiB pages, and how many page directories and page tables the map takes. */
struct plan {
	uint64_t ram_top, stack, npd, npt, guard, fine_end;
};

static void make_plan(struct plan *pl, const struct pvh_start_info *si)
{
	const struct pvh_memmap_entry *mm = (const void *)si->memmap_paddr;
	uint64_t ram_top = 0;
	for (uint32_t i = 0; i < si->memmap_entries; i++)
		if (mm[i].type == PVH_MEMMAP_RAM && mm[i].addr + mm[i].size > ram_top)
			ram_top = mm[i].addr + mm[i].size;
	if (ram_top > 512 * GIB)
		ram_top = 512 * GIB;
	pl->ram_top = ram_top;
	pl->stack = ram_top / 8 < MAX_STACK ? (ram_top / 8) & ~0xfffull : MAX_STACK;
	pl->npd = up(ram_top, GIB) / GIB;
	uint64_t extra_pd = pl->npd > STATIC_GIB ? pl->npd - STATIC_GIB : 0;
	/* After the image: the low zone's page tables (and PDs beyond 4 GiB), the guard page,
	 * the stack. The table count depends on where the guard lands: settle by iteration. */
	pl->npt = 1;
	for (;;) {
		pl->guard = (uint64_t)__image_end + (extra_pd + pl->npt) * UNI_PAGE_SIZE;
		pl->fine_end = up(pl->guard + UNI_PAGE_SIZE, MIB2);
		if (pl->fine_end / MIB2 <= pl->npt)
			break;
		pl->npt = pl->fine_end / MIB2;
	}
}

/* Links the PML4, the PDPT, the page directories (pd[], those past 4 GiB taken from *pool) and
 * the low zone's page tables (from *pool); returns the first page table. */
static uint64_t *link_tables(uint64_t **pd, const struct plan *pl, uint64_t *pool)
{
	uni_ring0_pml4[0] = (uint64_t)uni_ring0_pdpt | PTE_P | PTE_W | PTE_U;
	for (uint64_t g = 0; g < pl->npd; g++) {
		if (g < STATIC_GIB) {
			pd[g] = uni_ring0_pd_low[g];
		} else {
			pd[g] = (uint64_t *)*pool;
			*pool += UNI_PAGE_SIZE;
			r0_zero_page(pd[g]);
		}
		uni_ring0_pdpt[g] = (uint64_t)pd[g] | PTE_P | PTE_W | PTE_U;
	}
	uint64_t *pt = (uint64_t *)*pool;
	for (uint64_t c = 0; c < pl->npt; c++) {
		pd[c >> 9][c & 511] = *pool | PTE_P | PTE_W | PTE_U;
		*pool += UNI_PAGE_SIZE;
	}
	return pt;
}

/* The low zone in 4 KiB pages: pseudo-TSS, NULL guard, the image by section, the page tables,
 * the stack's guard page, then the stack and free RAM up to fine_end. */
static void map_low_zone(uint64_t *pt, const struct plan *pl)
{
	uint64_t img = (uint64_t)__image_start, end = (uint64_t)__image_end;
	pt[0] = (uint64_t)uni_tss_page | S_RW;
	fill(pt, UNI_PAGE_SIZE, UNI_NULL_GUARD, 0);
	fill(pt, UNI_NULL_GUARD, img, U_RW);                          /* PVH boot information */
	fill(pt, img, (uint64_t)__text_start, U_R);                   /* ELF headers, notes */
	fill(pt, (uint64_t)__text_start, (uint64_t)__text_end, U_RX);
	fill(pt, (uint64_t)__text_end, (uint64_t)__rodata_end, U_R);
	fill(pt, (uint64_t)__relro_start, (uint64_t)__relro_end, uni_norelro ? U_RW : U_R);
	fill(pt, (uint64_t)__relro_end, (uint64_t)__ring0_start, U_RW);  /* data, bss */
	fill(pt, (uint64_t)__ring0_start, end, S_RW);                 /* ring-0 stack, tables */
	fill(pt, end, pl->guard, S_RW);                               /* page tables */
	fill(pt, pl->guard, pl->guard + UNI_PAGE_SIZE, 0);
	fill(pt, pl->guard + UNI_PAGE_SIZE, pl->fine_end, U_RW);      /* stack, free RAM */
}

/* The rest of RAM (from the PVH memory map) in 2 MiB pages, then the module's partial tail. */
static void map_ram(uint64_t **pd, const struct pvh_start_info *si, const struct plan *pl)
{
	const struct pvh_memmap_entry *mm = (const void *)si->memmap_paddr;
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		if (mm[i].type != PVH_MEMMAP_RAM)
			continue;
		uint64_t a = up(mm[i].addr, MIB2), e = (mm[i].addr + mm[i].size) & ~(MIB2 - 1);
		if (a < pl->fine_end)
			a = pl->fine_end;
		for (; a < e && a < pl->ram_top; a += MIB2)
			pd[a / GIB][(a / MIB2) & 511] = a | U_RW | PTE_PS;
	}
	map_module_tail(pd, si, pl->fine_end);
}

/* The local APIC, for ring 3's timer and EOI, and below it the device registers, for ring-3
 * drivers: uncached (PWT|PCD) 2 MiB pages. */
static void map_devices(void)
{
	uint64_t *pd = uni_ring0_pd_low[UNI_LAPIC_BASE / GIB];
	uni_ring0_pdpt[UNI_LAPIC_BASE / GIB] = (uint64_t)pd | PTE_P | PTE_W | PTE_U;
	pd[(UNI_LAPIC_BASE / MIB2) & 511] = UNI_LAPIC_BASE | U_RW | PTE_PS | 0x18;
	for (uint64_t a = UNI_DEVICE_BASE; a < UNI_LAPIC_BASE; a += MIB2)
		pd[(a / MIB2) & 511] = a | U_RW | PTE_PS | 0x18;
}

/* What ring 3 learns of the layout (uni/boot.h). */
static void record_layout(const struct pvh_start_info *si, const struct plan *pl, uint64_t pool)
{
	uni_boot.start_info = (uint64_t)low_copy(si);
	/* QEMU puts the module list below 64 KiB, which ring 3 cannot read (NULL guard). */
	if (si->nr_modules) {
		const struct pvh_module *mod = (const void *)si->modlist_paddr;
		uni_boot.module = mod[0].paddr;
		uni_boot.module_size = mod[0].size;
	}
	uni_boot.ram_top = pl->ram_top;
	uni_boot.fine_end = pl->fine_end;
	uni_boot.guard = pl->guard;
	uni_boot.stack_bottom = pl->guard + UNI_PAGE_SIZE;
	uni_boot.stack_top = pl->guard + UNI_PAGE_SIZE + pl->stack;
	uni_boot.free_start = uni_boot.stack_top;
	uni_boot.ring0_pages = (pool - (uint64_t)__image_end) / UNI_PAGE_SIZE;
}

uint64_t uni_ring0_paging(const struct pvh_start_info *si)
{
	struct plan pl;
	make_plan(&pl, si);
	uint64_t pool = (uint64_t)__image_end;
	uint64_t *pd[512];
	uint64_t *pt = link_tables(pd, &pl, &pool);
	map_low_zone(pt, &pl);
	map_ram(pd, si, &pl);
	map_devices();
	uni_ring0_pt0 = pt;
	record_layout(si, &pl, pool);
	return (uint64_t)uni_ring0_pml4;
}
