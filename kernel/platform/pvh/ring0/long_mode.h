/* long_mode.h: the switch to 64-bit mode that the boot CPU (entry.S) and the others (ap_entry.S)
 * both make, as assembly macros. */
#include "uni/layout.h"

/* From 32-bit protected mode with paging off: PAE, the page tables at the physical address in
 * %eax, long mode and no-execute in EFER, then paging with WP, NE and MP, EM off (ring 3
 * uses SSE). The caller's far jump then enters 64-bit code. Addresses come in registers: the
 * image is position-independent, and this code knows where it runs only by asking (entry.S). */
.macro ENTER_LONG_MODE
	mov %eax, %cr3
	mov %cr4, %eax
	or $0x20, %eax			/* PAE */
	mov %eax, %cr4
	mov $0xc0000080, %ecx		/* EFER: long mode, no-execute */
	rdmsr
	or $0x900, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80010023, %eax		/* PG, WP, NE, MP, PE */
	and $~0x4, %eax			/* EM off */
	mov %eax, %cr0
.endm

/* The first thing in 64-bit mode: ring 0's data segment in ds, es and ss, null fs and gs
 * (their bases come from MSRs). */
.macro LOAD_RING0_SEGMENTS
	mov $UNI_SEL_KDATA, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	xor %eax, %eax
	mov %eax, %fs
	mov %eax, %gs
.endm
