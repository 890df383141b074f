/* Contracts between the ring-0 pieces (entry.S, trap.S and the ring-0 C files).
 * Everything declared here runs in ring 0, is built with -mgeneral-regs-only
 * -mno-red-zone, and must stay small: under a paravirtualized nested host each ring-0
 * instruction is emulated (~0.65 us, docs/HARDWARE.md). Ring-0 code never calls libc. */
#ifndef UNI_RING0_H
#define UNI_RING0_H

#include <stdint.h>
#include "uni/layout.h"

#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_U 0x4ull
#define PTE_PS 0x80ull
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

struct pvh_start_info;

/* Linker-script symbols bounding the image's regions (all page aligned). */
extern char __image_start[], __text_start[], __text_end[], __rodata_end[];
extern char __relro_start[], __relro_end[];   /* __relro_start is __rodata_end */
/* Defined (as 1) by uni-ld only for -z norelro (platform/pvh/image.ld says what RELRO holds). */
extern const char uni_norelro[] __attribute__((weak));
/* Defined by uni-ld only for -z norandmaps: RAM's offset is then the same on every boot. */
extern const char uni_norandmaps[] __attribute__((weak));
extern char __ring0_start[], __image_end[];
extern char uni_ring0_stack_top[];
extern char uni_tss_page[];
extern const char uni_trap_stubs[];   /* 32 stubs, 16 bytes apart */
extern const char uni_irq_stubs[];    /* timer, reschedule, TLB, stop, spurious, device: 16 bytes apart */

#define MSR_GS_BASE 0xc0000101

/* The first CPU's ring-3 state (sched/cpu.c), and the others' (their GS base). */
extern char uni_cpu0[], uni_cpu_aps[];

/* The page tables every CPU shares but for the path to page 0 (ring0_paging.c): the first
 * CPU's top-level table and, per level, the tables that cover address 0; how many page tables
 * the one-to-one map of the image has, and RAM's offset (uni/boot.h, ram_offset). */
extern uint64_t uni_ring0_pml4[512], uni_ring0_pdpt[512], uni_ring0_pd_low[][512], *uni_ring0_pt0;
extern uint64_t uni_ring0_low_tables, uni_ring0_ram_offset;
/* Where the image and everything below its end moved (uni/boot.h, image_offset): 0 for an image
 * linked at a fixed address. Ring 0 runs there too once the final tables are built, so a
 * table's physical address is its address minus this. zone_end: the end of the moved range. */
extern uint64_t uni_ring0_image_offset, uni_ring0_zone_end;
extern uint64_t boot_pml4[512];   /* entry.S's boot map, which the other CPUs start on */

/* Other CPUs (ring0_smp.c): the first CPU copies their real-mode start code into place;
 * each then builds its own top-level tables, whose copies cover only the image's GiB: RAM's
 * tables, the ones mprotect changes, are shared. */
long uni_ring0_smp_prepare(uint64_t base, uint64_t count);
extern uint64_t uni_ring0_ap_base, uni_ring0_ap_count;

/* Builds the final page tables and fills uni_boot; returns the new CR3. */
uint64_t uni_ring0_paging(const struct pvh_start_info *si);

/* Enables SSE/AVX/AVX-512 state, FSGSBASE; returns UNI_CPU_* bits. */
uint32_t uni_ring0_cpu(void);

/* Fills the IDT whose gates point at uni_trap_stubs, and loads it. */
void uni_ring0_idt(void);
/* Loads the IDT (another CPU: the table is filled already). */
void uni_ring0_idt_load(void);

/* Points the syscall instruction at uni_syscall_entry (syscall_entry.S). */
void uni_ring0_syscall_msrs(void);
extern char uni_syscall_entry[];

/* Ring 3's first code under PVH (platform/pvh/user_start.c). */
_Noreturn void uni_pvh_user_start(void);

/* The mprotect service: sets the protection of [addr, addr+len) of program RAM.
 * Returns 0 or -errno. Only RAM within [uni_ring0_free_start, uni_ring0_ram_top). */
long uni_ring0_protect(uint64_t addr, uint64_t len, uint64_t prot);
extern uint64_t uni_ring0_free_start, uni_ring0_ram_top;
/* Sets the PTEs of [addr, addr+len) (page aligned, program RAM) to its physical address |
 * flags, unchecked; flushes this CPU's TLB. */
long uni_ring0_set_pages(uint64_t addr, uint64_t len, uint64_t flags);

static inline void r0_zero_page(void *p)
{
	void *d = p;
	unsigned long n = 512;
	__asm__ volatile("rep stosq" : "+D"(d), "+c"(n) : "a"(0ul) : "memory");
}

extern const char uni_gdt[];   /* entry.S's */

/* Loads the GDT from where this code runs. */
static inline void r0_load_gdt(void)
{
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } d = { UNI_GDT_LIMIT, (uint64_t)uni_gdt };
	__asm__ volatile("lgdt %0" : : "m"(d));
}

static inline void r0_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t r0_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void r0_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

#endif
