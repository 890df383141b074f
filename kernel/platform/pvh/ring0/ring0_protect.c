/* Ring 0: changes the protection of RAM pages for mprotect. Only RAM handed out to the
 * program (from free_start up) may change; the image, the page tables and ring-0 memory
 * never, but for a moved image's RELRO, made read-only once it is relocated. A 2 MiB page is
 * split into 4 KiB pages the first time part of it changes. */
#include <errno.h>
#include "ring0.h"
#include "uni/layout.h"

#define MIB2 0x200000ull
#define SPLIT_RESERVE 64   /* page tables for splitting: 128 MiB worth of 2 MiB pages */

static uint64_t reserve[SPLIT_RESERVE][512] __attribute__((aligned(4096), section(".uni.ring0")));
#define RING0 __attribute__((section(".uni.ring0")))
static int reserve_used RING0;
/* Ring 0's own copy of the bounds: uni_boot is writable by ring 3. */
uint64_t uni_ring0_free_start RING0, uni_ring0_ram_top RING0;

/* The table an entry points at, where ring 0 reaches it: every table the walk meets is in the
 * low zone (ring0_paging.c), at its physical address plus the image's offset. */
static uint64_t *table(uint64_t entry)
{
	return (uint64_t *)((entry & PTE_ADDR) + uni_ring0_image_offset);
}

/* Returns the 4 KiB PTE for 'a' in the shared tables, splitting its 2 MiB page if needed;
 * NULL if impossible. RAM's tables are shared by every CPU (ring0_smp.c). */
static uint64_t *pte_of(uint64_t a)
{
	uint64_t pml4e = uni_ring0_pml4[a >> 39 & 511];
	if (!(pml4e & PTE_P))
		return 0;
	uint64_t pdpe = table(pml4e)[a >> 30 & 511];
	if (!(pdpe & PTE_P))
		return 0;
	uint64_t *pde = &table(pdpe)[a >> 21 & 511];
	if (!(*pde & PTE_P))
		return 0;
	if (*pde & PTE_PS) {
		if (reserve_used == SPLIT_RESERVE)
			return 0;
		uint64_t *pt = reserve[reserve_used++];
		uint64_t base = *pde & PTE_ADDR & ~(MIB2 - 1), flags = *pde & ~PTE_ADDR & ~PTE_PS;
		for (int i = 0; i < 512; i++)
			pt[i] = (base + (uint64_t)i * UNI_PAGE_SIZE) | flags;
		*pde = ((uint64_t)pt - uni_ring0_image_offset) | PTE_P | PTE_W | PTE_U;
	}
	return &table(*pde)[a >> 12 & 511];
}

/* Sets [addr, addr+len)'s PTEs to their physical address (addr - phys_off) | flags; flushes this
 * CPU's TLB (the others' are flushed by ring 3: uni_smp_tlb_shootdown). */
static long set_pages(uint64_t addr, uint64_t len, uint64_t flags, uint64_t phys_off)
{
	long r = 0;
	for (uint64_t a = addr; a < addr + len; a += UNI_PAGE_SIZE) {
		uint64_t *pte = pte_of(a);
		if (!pte) {
			r = -ENOMEM;
			break;
		}
		*pte = (a - phys_off) | flags;
	}
	uint64_t cr3;
	__asm__ volatile("mov %%cr3, %0\n\tmov %0, %%cr3" : "=r"(cr3) : : "memory");
	return r;
}

long uni_ring0_protect(uint64_t addr, uint64_t len, uint64_t prot)
{
	/* A moved image's RELRO, which ring 0 left writable for ring 3 to relocate: read-only
	 * from then on (platform/pvh/user_start.c), never writable again. */
	if (addr == (uint64_t)__relro_start && len == (uint64_t)(__relro_end - __relro_start) && prot == 1 &&
	    uni_ring0_image_offset && !uni_norelro)
		return set_pages(addr, len, PTE_P | PTE_U | PTE_NX, uni_ring0_image_offset);
	if ((addr | len) & (UNI_PAGE_SIZE - 1) || addr < uni_ring0_free_start ||
	    addr + len > uni_ring0_ram_top || addr + len < addr)
		return -EINVAL;
	/* Never the other CPUs' tables and stacks (ring0_smp.c). */
	if (uni_ring0_ap_base && addr < uni_ring0_ap_base + uni_ring0_ap_count * UNI_AP_BLOCK_SIZE &&
	    addr + len > uni_ring0_ap_base)
		return -EINVAL;
	uint64_t flags = 0;
	if (prot & 7) {   /* PROT_READ|PROT_WRITE|PROT_EXEC: x86 pages are always readable */
		flags = PTE_P | PTE_U;
		if (prot & 2)
			flags |= PTE_W;
		if (!(prot & 4))
			flags |= PTE_NX;
	}
	return uni_ring0_set_pages(addr, len, flags);
}

long uni_ring0_set_pages(uint64_t addr, uint64_t len, uint64_t flags)
{
	return set_pages(addr, len, flags, uni_ring0_ram_offset);
}
