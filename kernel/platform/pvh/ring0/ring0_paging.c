/* Ring 0: the final page tables. Page 0 holds the pseudo-TSS at address 0; [4 KiB, 64 KiB)
 * stays unmapped (NULL). The low zone, the PVH boot information from 64 KiB, the image in
 * 4 KiB pages with its own permissions and the page tables, is mapped at its physical address
 * plus the image's offset: for a position-independent image a random page in [4 TiB, 5 TiB)
 * (ASLR), else 0, one to one. The rest of RAM, from the main stack's guard page up, is mapped
 * at a random offset per boot too: its virtual address is its physical address plus
 * [1 TiB, 3 TiB) in 2 MiB steps, so the stack, heap and mmap area move with it; the guard's
 * 2 MiB in 4 KiB pages, the rest as user RW NX 2 MiB pages. Written for few instructions (each
 * is emulated under PVM): the tables live in .uni.ring0, which every loader zeroes (the low
 * zone's, uni_zone_tables, sized by image.ld), and every 4 KiB table taken from after the
 * image is written whole. */
#include <elf.h>
#include "ring0.h"
#include "uni/boot.h"
#include "uni/layout.h"
#include "platform/pvh/start_info.h"

#define MIB2 0x200000ull
#define GIB 0x40000000ull
#define MAX_STACK (8ull << 20)
#define STATIC_GIB 4           /* the one-to-one map's directories: the image's GiB, the devices' */
#define MOVED_BASE (1ull << 40)
#define MOVED_SPAN (2ull << 40)
#define MOVED_PDS 4            /* RAM's and the low zone's directories in .uni.ring0; more after the image */
#define IMAGE_BASE (4ull << 40)
#define IMAGE_SPAN (1ull << 40)

extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));
extern uint64_t uni_zone_tables[], uni_zone_tables_end[];   /* image.ld's, zeroed */

#define RING0 __attribute__((aligned(UNI_PAGE_SIZE), section(".uni.ring0")))
#define RING0_DATA __attribute__((section(".uni.ring0")))
uint64_t uni_ring0_pml4[512] RING0, uni_ring0_pdpt[512] RING0, uni_ring0_pd_low[STATIC_GIB][512] RING0;
/* The shared tables, for the other CPUs' copies (ring0_smp.c) and for mprotect. */
uint64_t *uni_ring0_pt0 RING0_DATA;
uint64_t uni_ring0_low_tables RING0_DATA, uni_ring0_ram_offset RING0_DATA;
uint64_t uni_ring0_image_offset RING0_DATA, uni_ring0_zone_end RING0_DATA;
/* PDPTs: RAM's (up to 2, as RAM spans at most 512 GiB) and the low zone's (2). */
static uint64_t moved_pdpt[4][512] RING0, moved_pd[MOVED_PDS][512] RING0, moved_pt[512] RING0;
/* Page 0's table when the low zone moves: page 0 stays at address 0. */
static uint64_t page0_pt[512] RING0;

#define U_RW (PTE_P | PTE_W | PTE_U | PTE_NX)
#define U_R (PTE_P | PTE_U | PTE_NX)
#define U_RX (PTE_P | PTE_U)
#define S_RW (PTE_P | PTE_W | PTE_NX)

static uint64_t up(uint64_t x, uint64_t a) { return (x + a - 1) & ~(a - 1); }

/* Fills the 4 KiB entries for physical [a, b) with 'flags' (0 = not present), in contiguous
 * page tables whose first entry maps physical address 'base'. */
static void fill_at(uint64_t *ptes, uint64_t base, uint64_t a, uint64_t b, uint64_t flags)
{
	uint64_t v = flags ? (a | flags) : 0, step = flags ? UNI_PAGE_SIZE : 0;
	for (uint64_t i = (a - base) >> 12, n = (b - base) >> 12; i < n; i++, v += step)
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

/* 64 random bits: RDRAND, else the TSC (ring 3 warns that its random numbers are not secure
 * then). */
static uint64_t random64(void)
{
	uint32_t id[4];
	uint64_t r = 0;
	unsigned char ok = 0;
	r0_cpuid(1, 0, id);
	for (int i = 0; i < 10 && !ok && (id[2] & (1u << 30)); i++)
		__asm__ volatile("rdrand %0; setc %1" : "=r"(r), "=qm"(ok));
	if (!ok) {
		uint32_t lo, hi;
		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		r = ((uint64_t)hi << 32 | lo) * 0x9e3779b97f4a7c15ull;
	}
	return r;
}

/* RAM's offset for this boot: random in [1 TiB, 3 TiB) in 2 MiB steps; 1 TiB for an image
 * linked with -z norandmaps, whose layout is then the same on every boot. */
static uint64_t pick_offset(void)
{
	return uni_norandmaps ? MOVED_BASE : MOVED_BASE + (random64() % (MOVED_SPAN / MIB2)) * MIB2;
}

/* The low zone's offset: a random page in [4 TiB, 5 TiB) for a position-independent image
 * (ET_DYN: uni-ld links it so unless told -no-pie or -z norandmaps), which relocates itself
 * in ring 3 (core/relocate.c); 0 for one linked at a fixed address. */
static uint64_t pick_image_offset(void)
{
	if (__ehdr_start.e_type != ET_DYN)
		return 0;
	return IMAGE_BASE + (random64() % (IMAGE_SPAN / UNI_PAGE_SIZE)) * UNI_PAGE_SIZE;
}

/* Where things go: the top of RAM, the guard page below the main stack (physical), the end of
 * the 4 KiB pages above it, how many of image.ld's tables the low zone takes, the directories
 * beyond the static ones, and RAM's and the low zone's offsets. */
struct plan {
	uint64_t ram_top, stack, guard, fine_end, npt, extra_pd, off, img;
};

/* A directory for RAM's virtual address v, linked into the PML4 and a PDPT on first use;
 * *extra hands out the pages after the image planned for it. */
static uint64_t *moved_dir(uint64_t v, uint64_t *extra)
{
	static int npdpt, npd;
	uint64_t *e4 = &uni_ring0_pml4[v >> 39 & 511];
	if (!*e4)
		*e4 = (uint64_t)moved_pdpt[npdpt++] | PTE_P | PTE_W | PTE_U;
	uint64_t *e3 = &((uint64_t *)(*e4 & PTE_ADDR))[v >> 30 & 511];
	if (!*e3) {
		uint64_t *pd;
		if (npd < MOVED_PDS) {
			pd = moved_pd[npd++];
		} else {
			pd = (uint64_t *)*extra;
			*extra += UNI_PAGE_SIZE;
			r0_zero_page(pd);
		}
		*e3 = (uint64_t)pd | PTE_P | PTE_W | PTE_U;
	}
	return (uint64_t *)(*e3 & PTE_ADDR);
}

/* PVH loaders put the boot module at the top of RAM. When RAM does not end on 2 MiB (-m 101M;
 * q35 keeps its ACPI tables above it), the RAM loop leaves that last, partial 2 MiB page
 * unmapped, so the module's part in it gets 4 KiB pages of its own: a page that may hold
 * other things (ACPI data, device registers) is never mapped whole. The page allocator does
 * not use the partial page (mm/pages.c). */
static uint64_t module_tail_pt[512] RING0;

static void map_module_tail(const struct pvh_start_info *si, const struct plan *pl, uint64_t *extra)
{
	if (!si->nr_modules)
		return;
	const struct pvh_module *mod = (const void *)si->modlist_paddr;
	uint64_t a = mod[0].paddr & ~0xfffull, b = up(mod[0].paddr + mod[0].size, UNI_PAGE_SIZE);
	uint64_t p = (b - 1) & ~(MIB2 - 1);   /* the 2 MiB page holding the module's end */
	if (b <= a || p < pl->fine_end)
		return;
	uint64_t *pde = &moved_dir(p + pl->off, extra)[(p + pl->off) >> 21 & 511];
	if (*pde & PTE_P)
		return;
	if (a < p)
		a = p;
	*pde = (uint64_t)module_tail_pt | PTE_P | PTE_W | PTE_U;
	for (; a < b; a += UNI_PAGE_SIZE)
		module_tail_pt[(a - p) >> 12] = a | U_RW;
}

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
	pl->off = pick_offset();
	pl->img = pick_image_offset();
	/* RAM's directories: one per GiB its virtual range touches, which is one more than the
	 * GiBs of RAM when the offset does not fall on a GiB; and the moved low zone's. */
	uint64_t npd = up(ram_top, GIB) / GIB + 1, lo = pl->img & (MIB2 - 1), zone = pl->img - lo;
	/* After the image: the directories past the static ones, then the guard page. The low
	 * zone's page tables (the first maps from the 2 MiB below the zone's start) are image.ld's;
	 * the zone's directories count is bounded by its end with the most directories. */
	uint64_t most = (uint64_t)__image_end + (npd + 4) * UNI_PAGE_SIZE;
	uint64_t zone_pd = pl->img ? (zone + up(most + lo, MIB2) - 1) / GIB - zone / GIB + 1 : 0;
	pl->extra_pd = npd + zone_pd > MOVED_PDS ? npd + zone_pd - MOVED_PDS : 0;
	pl->guard = (uint64_t)__image_end + pl->extra_pd * UNI_PAGE_SIZE;
	pl->npt = up(pl->guard + lo, MIB2) / MIB2;
	if (pl->npt > (uint64_t)(uni_zone_tables_end - uni_zone_tables) / 512)
		__builtin_trap();   /* image.ld reserves enough: a runtime bug (no IDT yet: QEMU resets) */
	pl->fine_end = up(pl->guard + UNI_PAGE_SIZE, MIB2);
}

/* Links the low zone's page tables (image.ld's) and the path to page 0; returns the first
 * table. One to one, they hang from the static directories of the first GiBs; moved, from
 * directories of their own, and page 0 gets a table of its own. */
static uint64_t *link_low_tables(const struct plan *pl, uint64_t *extra)
{
	uni_ring0_pml4[0] = (uint64_t)uni_ring0_pdpt | PTE_P | PTE_W | PTE_U;
	uint64_t *pt = uni_zone_tables;
	if (pl->img) {
		uni_ring0_pdpt[0] = (uint64_t)uni_ring0_pd_low[0] | PTE_P | PTE_W | PTE_U;
		uni_ring0_pd_low[0][0] = (uint64_t)page0_pt | PTE_P | PTE_W | PTE_U;
		page0_pt[0] = (uint64_t)uni_tss_page | S_RW;
		uint64_t v = pl->img & ~(MIB2 - 1);
		for (uint64_t c = 0; c < pl->npt; c++, v += MIB2)
			moved_dir(v, extra)[v >> 21 & 511] = (uint64_t)(pt + 512 * c) | PTE_P | PTE_W | PTE_U;
		return pt;
	}
	for (uint64_t c = 0; c < pl->npt; c++) {
		if (!(c & 511))
			uni_ring0_pdpt[c >> 9] = (uint64_t)uni_ring0_pd_low[c >> 9] | PTE_P | PTE_W | PTE_U;
		uni_ring0_pd_low[c >> 9][c & 511] = (uint64_t)(pt + 512 * c) | PTE_P | PTE_W | PTE_U;
	}
	return pt;
}

/* The low zone in 4 KiB pages: the pseudo-TSS (one to one only: moved, page 0 keeps its own
 * table), the NULL guard, the image by section, the directories after it; from the guard page
 * on, its last 2 MiB page is RAM's (map_moved). The tables' first entry maps physical 'base',
 * 2 MiB below the zone's start when it moved to an offset that is not a multiple of 2 MiB;
 * the entries left out stay as the loader zeroed them. A moved image's RELRO stays writable
 * until ring 3 has relocated it (platform/pvh/user_start.c seals it). */
static void map_low_zone(uint64_t *pt, const struct plan *pl)
{
	uint64_t img = (uint64_t)__image_start, end = (uint64_t)__image_end, lo = pl->img & (MIB2 - 1);
	uint64_t base = 0 - lo;
	if (!pl->img)
		pt[0] = (uint64_t)uni_tss_page | S_RW;
	fill_at(pt, base, UNI_NULL_GUARD, img, U_RW);                          /* PVH boot information */
	fill_at(pt, base, img, (uint64_t)__text_start, U_R);                   /* ELF headers, notes */
	fill_at(pt, base, (uint64_t)__text_start, (uint64_t)__text_end, U_RX);
	fill_at(pt, base, (uint64_t)__text_end, (uint64_t)__rodata_end, U_R);
	fill_at(pt, base, (uint64_t)__relro_start, (uint64_t)__relro_end, uni_norelro || pl->img ? U_RW : U_R);
	fill_at(pt, base, (uint64_t)__relro_end, (uint64_t)__ring0_start, U_RW);  /* data, bss */
	fill_at(pt, base, (uint64_t)__ring0_start, end, S_RW);                 /* ring-0 memory, tables */
	fill_at(pt, base, end, pl->guard, S_RW);                               /* directories */
}

/* RAM at its offset: the guard page's 2 MiB in 4 KiB pages (guard unmapped, then the stack),
 * the rest from the PVH memory map in 2 MiB pages, then the module's partial tail. */
static void map_moved(const struct pvh_start_info *si, const struct plan *pl, uint64_t *extra)
{
	uint64_t first = pl->fine_end - MIB2;
	fill_at(moved_pt, first, pl->guard + UNI_PAGE_SIZE, pl->fine_end, U_RW);
	moved_dir(first + pl->off, extra)[(first + pl->off) >> 21 & 511] = (uint64_t)moved_pt | PTE_P | PTE_W | PTE_U;
	const struct pvh_memmap_entry *mm = (const void *)si->memmap_paddr;
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		if (mm[i].type != PVH_MEMMAP_RAM)
			continue;
		uint64_t a = up(mm[i].addr, MIB2), e = (mm[i].addr + mm[i].size) & ~(MIB2 - 1), *pd = 0;
		if (a < pl->fine_end)
			a = pl->fine_end;
		for (; a < e && a < pl->ram_top; a += MIB2) {
			uint64_t v = a + pl->off;
			if (!pd || !(v & (GIB - 1)))
				pd = moved_dir(v, extra);
			pd[v >> 21 & 511] = a | U_RW | PTE_PS;
		}
	}
	map_module_tail(si, pl, extra);
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

/* What ring 3 learns of the layout (uni/boot.h): RAM's addresses as it sees them. */
static void record_layout(const struct pvh_start_info *si, const struct plan *pl)
{
	uint64_t off = pl->off;
	uni_boot.ram_offset = off;
	uni_boot.ram_moved = pl->guard;
	uni_boot.image_offset = pl->img;
	uni_boot.start_info = uni_boot_virt((uint64_t)low_copy(si));
	/* QEMU puts the module list below 64 KiB, which ring 3 cannot read (NULL guard). */
	if (si->nr_modules) {
		const struct pvh_module *mod = (const void *)si->modlist_paddr;
		uni_boot.module = uni_boot_virt(mod[0].paddr);
		uni_boot.module_size = mod[0].size;
	}
	uni_boot.ram_top = pl->ram_top + off;
	uni_boot.fine_end = pl->fine_end + off;
	uni_boot.guard = pl->guard + off;
	uni_boot.stack_bottom = uni_boot.guard + UNI_PAGE_SIZE;
	uni_boot.stack_top = uni_boot.stack_bottom + pl->stack;
	uni_boot.free_start = uni_boot.stack_top;
	uni_boot.ring0_pages = (pl->guard - (uint64_t)__image_end) / UNI_PAGE_SIZE;
	uni_ring0_ram_offset = off;
	uni_ring0_image_offset = pl->img;
	uni_ring0_zone_end = (pl->img & ~(MIB2 - 1)) + pl->npt * MIB2;
}

uint64_t uni_ring0_paging(const struct pvh_start_info *si)
{
	struct plan pl;
	make_plan(&pl, si);
	uint64_t extra = (uint64_t)__image_end;   /* directories past the static ones */
	uint64_t *pt = link_low_tables(&pl, &extra);
	map_low_zone(pt, &pl);
	map_moved(si, &pl, &extra);
	map_devices();
	/* For the other CPUs' copies (ring0_smp.c), which ring 0 makes where it runs then. */
	uni_ring0_pt0 = pl.img ? (uint64_t *)((uint64_t)page0_pt + pl.img) : pt;
	uni_ring0_low_tables = pl.img ? 1 : pl.npt;
	record_layout(si, &pl);
	return (uint64_t)uni_ring0_pml4;
}
