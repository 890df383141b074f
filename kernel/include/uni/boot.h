/* What ring 0 hands to ring 3 at boot: the layout it built. Ring 3 reads it, never writes it. */
#ifndef UNI_BOOT_H
#define UNI_BOOT_H

#include <stdint.h>

struct uni_boot {
	uint64_t start_info;     /* struct pvh_start_info, whose addresses are physical */
	uint64_t free_start;     /* first byte of RAM after the image, page tables and stack */
	uint64_t ram_top;        /* end of the highest RAM region that ring 0 mapped */
	uint64_t fine_end;       /* below: 4 KiB pages; above: RAM is mapped in whole 2 MiB pages */
	uint64_t stack_bottom;   /* the main stack is [stack_bottom, stack_top) */
	uint64_t stack_top;
	uint64_t guard;          /* the unmapped guard page below the main stack */
	uint64_t ring0_pages;    /* page-table pages ring 0 allocated */
	uint64_t cpu_features;   /* UNI_CPU_* bits ring 0 enabled */
	uint64_t module, module_size;   /* the first PVH boot module (uni-run -v), or 0 */
	/* RAM from physical address ram_moved up (the main stack's guard page, the stack and
	 * free RAM) is mapped at that address + ram_offset, a random offset per boot; below it
	 * (the PVH boot information, the image and its page tables) at physical + image_offset,
	 * another (0 for an image linked at a fixed address). All 0 where ring 3 never sees
	 * physical addresses. */
	uint64_t ram_offset, ram_moved, image_offset;
};

#define UNI_CPU_FSGSBASE 1u
#define UNI_CPU_XSAVE 2u
#define UNI_CPU_AVX512 4u

extern struct uni_boot uni_boot;

/* The address ring 3 reaches a physical address at (boot information, the boot module). */
static inline __attribute__((always_inline)) uint64_t uni_boot_virt(uint64_t phys)
{
	return phys + (phys >= uni_boot.ram_moved ? uni_boot.ram_offset : uni_boot.image_offset);
}

/* The physical address of runtime memory, for a device that reads or writes it. */
static inline __attribute__((always_inline)) uint64_t uni_dma_addr(const volatile void *p)
{
	uint64_t v = (uint64_t)p;
	int ram = v >= uni_boot.ram_moved + uni_boot.ram_offset && v < uni_boot.ram_top;
	return v - (ram ? uni_boot.ram_offset : uni_boot.image_offset);
}

/* A position-independent image's distance from its link address, and its relocation by that
 * distance (core/relocate.c): the first thing each platform's start does. */
uint64_t uni_image_delta(void);
void uni_relocate(uint64_t delta);

/* Ring-3 entry, reached from ring 0 by iretq with the main stack empty. */
_Noreturn void uni_user_start(void);

#endif
