/* How the other CPUs come up. A start-up IPI starts a CPU in real mode at the page
 * UNI_AP_TRAMPOLINE (cs = page >> 4, ip = 0), where ring0_smp.c copied uni_ap_trampoline:
 * it loads the shared GDT and enters 32-bit protected mode, still in the copy, and long mode
 * with entry.S's boot map (long_mode.h), which maps the copy; the 64-bit code jumps to where
 * the image moved (ring0_main.c), switches to the shared tables, takes a CPU number, calls
 * uni_ring0_ap on that CPU's ring-0 stack, and drops to ring 3 at uni_ap_user_entry. */
#include "long_mode.h"

	.section .rodata.ap, "a"	/* copied, never run in place */
	.code16
	.globl uni_ap_trampoline, uni_ap_trampoline_end, uni_ap_slots, uni_ap64
uni_ap_trampoline:
	cli
	mov %cs, %ax
	mov %ax, %ds
	lgdtl (gdt_ptr - uni_ap_trampoline)
	mov %cr0, %eax
	or $1, %eax			/* PE */
	mov %eax, %cr0
	ljmpl $UNI_SEL_KCODE32, $(UNI_AP_TRAMPOLINE + ap32 - uni_ap_trampoline)

	/* 32-bit code, still in the copy, whose place is a constant: the image's are not (it is
	 * position-independent), so ring0_smp.c writes them into the slots as it copies. */
	.code32
ap32:
	mov $UNI_SEL_KDATA, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	/* The boot map (entry.S): it maps this page, which the shared tables leave unmapped. */
	mov (UNI_AP_TRAMPOLINE + pml4_slot - uni_ap_trampoline), %eax
	ENTER_LONG_MODE
	ljmpl *(UNI_AP_TRAMPOLINE + ap64_slot - uni_ap_trampoline)

	.balign 8
uni_ap_slots:
gdt_ptr:
	.word UNI_GDT_LIMIT
	.long 0				/* uni_gdt */
pml4_slot:
	.long 0				/* boot_pml4 */
ap64_slot:
	.long 0				/* ap64, */
	.word UNI_SEL_KCODE		/* in 64-bit code */
uni_ap_trampoline_end:

	.section .text.boot, "ax"
	.code64
uni_ap64:
	LOAD_RING0_SEGMENTS
	/* Where the first CPU moved the image (the boot map has it there too), then the shared
	 * tables, which map it only there, at their physical address. */
	lea 1f(%rip), %rax
	add uni_ring0_image_offset(%rip), %rax
	jmp *%rax
1:	lea uni_ring0_pml4(%rip), %rax
	sub uni_ring0_image_offset(%rip), %rax
	mov %rax, %cr3
	mov $1, %eax
	lock xadd %eax, uni_ring0_ncopies(%rip)
	inc %eax			/* this CPU's number: 1, 2, ... in arrival order */
	cmp uni_ring0_ap_count(%rip), %rax
	ja park				/* more CPUs than ring 3 prepared for */
	mov %eax, %ebx
	/* Its ring-0 stack: the top of its page 0, the end of its block (ring0_smp.c). */
	imul $UNI_AP_BLOCK_SIZE, %rax
	add uni_ring0_ap_base(%rip), %rax
	mov %rax, %rsp
	mov %ebx, %edi
	call uni_ring0_ap
	mov $UNI_SEL_UDATA, %eax
	mov %eax, %ds
	mov %eax, %es
	pushq $UNI_SEL_UDATA
	pushq $0			/* ring 3 takes its stack from its struct uni_cpu */
	pushq $UNI_RFLAGS_USER
	pushq $UNI_SEL_UCODE
	lea uni_ap_user_entry(%rip), %rax
	push %rax
	iretq
park:
	cli
	hlt
	jmp park

/* Ring 3: this CPU's struct uni_cpu is at %gs:0 (ring 0 set the GS base). */
	.text
	.type uni_ap_user_entry, @function
uni_ap_user_entry:
	mov %gs:UNI_CPU_IDLE_STACK, %rsp
	mov %gs:UNI_CPU_SELF, %rdi
	call uni_ap_main
	ud2
	.size uni_ap_user_entry, . - uni_ap_user_entry

	.section .note.GNU-stack, "", @progbits
