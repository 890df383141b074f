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
	uint64_t npd = up(ram_top, GIB) / GIB;
	uint64_t extra_pd = npd > STATIC_GIB ? npd - STATIC_GIB : 0;
	/* After the image: the low zone's page tables (and PDs beyond 4 GiB), the guard page,
	 * the stack. The table count depends on where the guard lands: settle by iteration. */
	uint64_t npt = 1, guard, fine_end;
	for (;;) {
		guard = (uint64_t)__image_end + (extra_pd + npt) * UNI_PAGE_SIZE;
		fine_end = up(guard + UNI_PAGE_SIZE, MIB2);
		if (fine_end / MIB2 <= npt)
			break;
		npt = fine_end / MIB2;
	}

	uint64_t pool = (uint64_t)__image_end;
	uni_ring0_pml4[0] = (uint64_t)uni_ring0_pdpt | PTE_P | PTE_W | PTE_U;
	uint64_t *pd[512];
	for (uint64_t g = 0; g < npd; g++) {
		if (g < STATIC_GIB) {
			pd[g] = uni_ring0_pd_low[g];
		} else {
			pd[g] = (uint64_t *)pool;
			pool += UNI_PAGE_SIZE;
			r0_zero_page(pd[g]);
		}
		uni_ring0_pdpt[g] = (uint64_t)pd[g] | PTE_P | PTE_W | PTE_U;
	}
	uint64_t *pt = (uint64_t *)pool;
	for (uint64_t c = 0; c < npt; c++) {
		pd[c >> 9][c & 511] = pool | PTE_P | PTE_W | PTE_U;
		pool += UNI_PAGE_SIZE;
	}

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
	fill(pt, end, guard, S_RW);                                   /* page tables */
	fill(pt, guard, guard + UNI_PAGE_SIZE, 0);
	fill(pt, guard + UNI_PAGE_SIZE, fine_end, U_RW);              /* stack, free RAM */

	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		if (mm[i].type != PVH_MEMMAP_RAM)
			continue;
		uint64_t a = up(mm[i].addr, MIB2), e = (mm[i].addr + mm[i].size) & ~(MIB2 - 1);
		if (a < fine_end)
			a = fine_end;
		for (; a < e && a < ram_top; a += MIB2)
			pd[a / GIB][(a / MIB2) & 511] = a | U_RW | PTE_PS;
	}
	map_module_tail(pd, si, fine_end);

	/* The local APIC, for ring 3's timer and EOI: one uncached 2 MiB page (PWT|PCD). */
	uni_ring0_pdpt[UNI_LAPIC_BASE / GIB] = (uint64_t)uni_ring0_pd_low[UNI_LAPIC_BASE / GIB] | PTE_P | PTE_W | PTE_U;
	uni_ring0_pd_low[UNI_LAPIC_BASE / GIB][(UNI_LAPIC_BASE / MIB2) & 511] = UNI_LAPIC_BASE | U_RW | PTE_PS | 0x18;
	/* Device registers, for ring-3 drivers: the same, up to the LAPIC. */
	for (uint64_t a = UNI_DEVICE_BASE; a < UNI_LAPIC_BASE; a += MIB2)
		uni_ring0_pd_low[UNI_LAPIC_BASE / GIB][(a / MIB2) & 511] = a | U_RW | PTE_PS | 0x18;

	uni_ring0_pt0 = pt;
	uni_boot.start_info = (uint64_t)low_copy(si);
	/* QEMU puts the module list below 64 KiB, which ring 3 cannot read (NULL guard). */
	if (si->nr_modules) {
		const struct pvh_module *mod = (const void *)si->modlist_paddr;
		uni_boot.module = mod[0].paddr;
		uni_boot.module_size = mod[0].size;
	}
	uni_boot.ram_top = ram_top;
	uni_boot.fine_end = fine_end;
	uni_boot.guard = guard;
	uni_boot.stack_bottom = guard + UNI_PAGE_SIZE;
	uni_boot.stack_top = guard + UNI_PAGE_SIZE + stack;
	uni_boot.free_start = uni_boot.stack_top;
	uni_boot.ring0_pages = (pool - end) / UNI_PAGE_SIZE;
	return (uint64_t)uni_ring0_pml4;
}
