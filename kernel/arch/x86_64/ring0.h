/* Contracts between the ring-0 pieces (entry.S, trap.S and the ring-0 C files).
 * Everything declared here runs in ring 0, is built with -mgeneral-regs-only
 * -mno-red-zone, and must stay small: under a paravirtualized nested host each ring-0
 * instruction is emulated (~0.65 us, FACTS.md). Ring-0 code never calls libc. */
#ifndef UNI_RING0_H
#define UNI_RING0_H

#include <stdint.h>

#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_U 0x4ull
#define PTE_PS 0x80ull
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

struct pvh_start_info;

/* Linker-script symbols bounding the image's regions (all page aligned). */
extern char __image_start[], __text_start[], __text_end[], __rodata_end[];
extern char __ring0_start[], __image_end[];
extern char uni_ring0_stack_top[];
extern char uni_tss_page[];
extern const char uni_trap_stubs[];   /* 32 stubs, 16 bytes apart */
extern const char uni_irq_stubs[];    /* timer, then spurious, 16 bytes apart */

/* Builds the final page tables and fills uni_boot; returns the new CR3. */
uint64_t uni_ring0_paging(const struct pvh_start_info *si);

/* Enables SSE/AVX/AVX-512 state, FSGSBASE; returns UNI_CPU_* bits. */
uint32_t uni_ring0_cpu(void);

/* Loads the IDT whose gates point at uni_trap_stubs. */
void uni_ring0_idt(void);

/* Points the syscall instruction at uni_syscall_entry (syscall_entry.S). */
void uni_ring0_syscall_msrs(void);
extern char uni_syscall_entry[];

/* The mprotect service: sets the protection of [addr, addr+len) of program RAM.
 * Returns 0 or -errno. Only RAM within [uni_ring0_free_start, uni_ring0_ram_top). */
long uni_ring0_protect(uint64_t addr, uint64_t len, uint64_t prot);
extern uint64_t uni_ring0_free_start, uni_ring0_ram_top;

static inline void r0_zero_page(void *p)
{
	void *d = p;
	unsigned long n = 512;
	__asm__ volatile("rep stosq" : "+D"(d), "+c"(n) : "a"(0ul) : "memory");
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
