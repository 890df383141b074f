/* PVH entry: the Xen ELF note QEMU boots through, and the 32-bit code that enters long mode
 * with a bootstrap identity map of the image, then calls the ring-0 C setup. */
#include "uni/abi.h"
#include "long_mode.h"

/* XEN_ELFNOTE_PHYS32_ENTRY: the physical address of the 32-bit entry point. A
 * position-independent image cannot hold an absolute address the linker fills in (ld refuses
 * R_X86_64_32 in a PIE): image.ld appends it to this header, as linker-script data is a
 * link-time value. */
	.section .note.Xen, "a", @note
	.balign 4
	.long 4, 4, 18
	.asciz "Xen"

/* The image's ABI note (uni/abi.h): uni-run refuses an image of another ABI version. */
	.section .note.uni, "a", @note
	.balign 4
	.long 4, 8, UNI_NOTE_ABI
	.asciz "uni"
	.balign 4
	.long UNI_ABI_VERSION, UNI_PLATFORM_PVH | UNI_PLATFORM_PROCESS

	.section .uni.ring0, "aw", @nobits
	.balign 4096
	.globl boot_pml4
boot_pml4:	.skip 4096
boot_pdpt:	.skip 4096
boot_pd:	.skip 4096
	.balign 16
ring0_stack:	.skip UNI_RING0_STACK_SIZE
	.globl uni_ring0_stack_top
uni_ring0_stack_top:

	.section .rodata.boot, "a"
	.balign 16
/* Flat segments: 64-bit kernel code/data, then user data and user code (the order the
 * MSRs of syscall and sysret would want, though sysretq is not used: it crashes under PVM).
 * The accessed bits are preset: the table is read-only once paging is final. */
	.globl uni_gdt
uni_gdt:
	.quad 0
	.quad 0x00af9b000000ffff	/* 0x08 ring-0 code, L=1 */
	.quad 0x00cf93000000ffff	/* 0x10 ring-0 data */
	.quad 0x00cff3000000ffff	/* 0x18 ring-3 data */
	.quad 0x00affb000000ffff	/* 0x20 ring-3 code, L=1 */
	.quad 0x00cf9b000000ffff	/* 0x28 ring-0 code, 32-bit (platform/pvh/ring0/ap_entry.S) */
uni_gdt_end:

	.section .text.boot, "ax"
	.code32
	.globl uni_pvh_entry
	.type uni_pvh_entry, @function
uni_pvh_entry:
	cli
	mov %ebx, %esi			/* struct pvh_start_info *, kept for ring-0 C */
	/* Where this code runs (the image is position-independent): a call needs a stack, and
	 * PVH gives none, so the other CPUs' start page (free until ring0_smp.c copies their
	 * start code there) serves for the call; every address below is %ebp plus an offset
	 * the linker computes. */
	mov $(UNI_AP_TRAMPOLINE + 4096), %esp
	call 1f
1:	pop %ebp

	/* Bootstrap map: 2 MiB pages covering [0, image end + 4 MiB), enough for the
	 * image and the page-table pages ring-0 C allocates right after it. */
	lea (boot_pdpt + 3 - 1b)(%ebp), %eax
	mov %eax, (boot_pml4 - 1b)(%ebp)
	lea (boot_pd + 3 - 1b)(%ebp), %eax
	mov %eax, (boot_pdpt - 1b)(%ebp)
	lea (__image_end + 0x5fffff - 1b)(%ebp), %ecx
	shr $21, %ecx
	lea (boot_pd - 1b)(%ebp), %edi
	mov $0x83, %eax			/* present, writable, 2 MiB */
2:	mov %eax, (%edi)
	add $0x200000, %eax
	add $8, %edi
	loop 2b

	/* The GDT's descriptor, on the stack: its base is where the table is. */
	lea (uni_gdt - 1b)(%ebp), %eax
	push %eax
	pushw $UNI_GDT_LIMIT
	lgdt (%esp)
	lea (boot_pml4 - 1b)(%ebp), %eax
	ENTER_LONG_MODE
	push $UNI_SEL_KCODE
	lea (.Lboot64 - 1b)(%ebp), %eax
	push %eax
	lret

	.code64
.Lboot64:
	LOAD_RING0_SEGMENTS
	lea uni_ring0_stack_top(%rip), %rsp
	mov %esi, %edi			/* zero-extends the start-info address */
	call uni_ring0_main
	ud2
	.size uni_pvh_entry, . - uni_pvh_entry

	.section .note.GNU-stack, "", @progbits
