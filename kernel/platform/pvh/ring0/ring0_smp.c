/* Ring 0: the other CPUs (application processors). Ring 3 gives ring 0, once, through the SMP
 * service, zeroed RAM for them (5 pages per CPU), which becomes supervisor-only, and ring 0
 * copies their real-mode start code to UNI_AP_TRAMPOLINE; ring 3 then sends INIT and
 * start-up IPIs itself. Each CPU arrives in uni_ring0_ap (from ap_entry.S) with a number and
 * the shared tables, builds its own top-level tables, which share every lower table but
 * those on the path to page 0 (its pseudo-TSS with its own RSP0), sets up its CPU state as
 * the first CPU did, and drops to ring 3 for good. Nothing here runs with one CPU. */
#include <errno.h>
#include "ring0.h"
#include "uni/layout.h"

/* One block per CPU but the first: its four tables on the path to address 0, and page 0
 * itself, whose top holds the CPU's ring-0 stack. ap_entry.S knows the size. */
struct ap_block {
	uint64_t pml4[512], pdpt[512], pd0[512], pt0[512];
	char page0[UNI_PAGE_SIZE];
};
_Static_assert(sizeof(struct ap_block) == UNI_AP_BLOCK_SIZE, "ap_entry.S computes stacks with this size");

#define RING0 __attribute__((section(".uni.ring0")))
int uni_ring0_ncopies RING0;          /* CPU numbers taken (ap_entry.S, lock xadd) */
uint64_t uni_ring0_ap_base RING0;     /* the blocks, in RAM given by ring 3 */
uint64_t uni_ring0_ap_count RING0;
extern char uni_ap_trampoline[], uni_ap_trampoline_end[], uni_ap_slots[], uni_ap64[];

/* The physical addresses ap_entry.S's copy needs, written at its slots: the image is
 * position-independent, so they are known only here. */
struct ap_slots {
	uint16_t gdt_limit;
	uint32_t gdt;
	uint32_t pml4;
	uint32_t ap64;
} __attribute__((packed));

static struct ap_block *block(int i)
{
	return (struct ap_block *)(uni_ring0_ap_base + (uint64_t)i * UNI_AP_BLOCK_SIZE);
}

/* A block's tables go into page-table entries and CR3 by physical address. */
static uint64_t phys(const void *p)
{
	return (uint64_t)p - uni_ring0_ram_offset;
}

static void copy(uint64_t *d, const uint64_t *s, unsigned long n)
{
	__asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}

long uni_ring0_smp_prepare(uint64_t base, uint64_t count)
{
	uint64_t len = count * UNI_AP_BLOCK_SIZE;
	if (uni_ring0_ap_base || !count || count > UNI_MAX_CPUS - 1 || (base & (UNI_PAGE_SIZE - 1)) ||
	    base < uni_ring0_free_start || base + len > uni_ring0_ram_top)
		return -EINVAL;
	long r = uni_ring0_set_pages(base, len, PTE_P | PTE_W | PTE_NX);
	if (r)
		return r;
	uni_ring0_ap_base = base;
	uni_ring0_ap_count = count;
	/* The start page lies in [4 KiB, 64 KiB), which the final tables leave unmapped: write
	 * it through the boot map (entry.S), which maps the first MiBs one to one. */
	uint64_t cr3, off = uni_ring0_image_offset;
	__asm__ volatile("mov %%cr3, %0\n\tmov %1, %%cr3" : "=&r"(cr3) : "r"((uint64_t)boot_pml4 - off) : "memory");
	char *d = (char *)UNI_AP_TRAMPOLINE, *s = uni_ap_trampoline;
	unsigned long n = (unsigned long)(uni_ap_trampoline_end - uni_ap_trampoline);
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	struct ap_slots *slots = (struct ap_slots *)(UNI_AP_TRAMPOLINE + (uni_ap_slots - uni_ap_trampoline));
	slots->gdt = (uint32_t)((uint64_t)uni_gdt - off);
	slots->pml4 = (uint32_t)((uint64_t)boot_pml4 - off);
	slots->ap64 = (uint32_t)((uint64_t)uni_ap64 - off);
	__asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
	return 0;
}

/* On CPU 'cpu' (1..), on its ring-0 stack, with the shared tables: returns once its own
 * tables and CPU state are in place. */
void uni_ring0_ap(int cpu)
{
	struct ap_block *b = block(cpu - 1);
	/* Only the entries that can be present (the block is zeroed): the image's tables and the
	 * LAPIC's GiB one to one, and RAM's PML4 entries (shared below that level). */
	copy(b->pdpt, uni_ring0_pdpt, (UNI_LAPIC_BASE >> 30) + 1);
	copy(b->pd0, uni_ring0_pd_low[0], uni_ring0_low_tables < 512 ? uni_ring0_low_tables : 512);
	copy(b->pt0, uni_ring0_pt0, 512);
	for (uint64_t i = uni_ring0_free_start >> 39; i <= (uni_ring0_ram_top - 1) >> 39; i++)
		b->pml4[i] = uni_ring0_pml4[i];
	for (uint64_t i = uni_ring0_image_offset >> 39; uni_ring0_image_offset && i <= (uni_ring0_zone_end - 1) >> 39; i++)
		b->pml4[i] = uni_ring0_pml4[i];
	b->pml4[0] = phys(b->pdpt) | PTE_P | PTE_W | PTE_U;
	b->pdpt[0] = phys(b->pd0) | PTE_P | PTE_W | PTE_U;
	b->pd0[0] = phys(b->pt0) | PTE_P | PTE_W | PTE_U;
	b->pt0[0] = phys(b->page0) | PTE_P | PTE_W | PTE_NX;
	uint64_t cpu_state = (uint64_t)uni_cpu_aps + (uint64_t)(cpu - 1) * UNI_CPU_SIZE;
	*(uint64_t *)(b->page0 + UNI_TSS_RSP0) = (uint64_t)b->page0 + UNI_PAGE_SIZE;
	*(uint64_t *)(b->page0 + UNI_R0_CPU) = cpu_state;
	__asm__ volatile("mov %0, %%cr3" : : "r"(phys(b->pml4)) : "memory");
	r0_load_gdt();   /* the copy's GDT address was the physical one */
	uni_ring0_cpu();
	uni_ring0_idt_load();
	uni_ring0_syscall_msrs();
	r0_wrmsr(MSR_GS_BASE, cpu_state);
}
