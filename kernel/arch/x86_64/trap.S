/* Exception and interrupt entry. Neither is handled in ring 0: the stub stores the
 * registers in a frame in ring-3 memory (uni_trap_frame for faults, uni_irq_frame for
 * interrupts) and returns with iretq into ring 3 on a separate stack: uni_trap_user_entry
 * reports the crash, uni_irq_user_entry (sched/irq.S) runs the scheduler. That is ~40
 * ring-0 instructions per event. An interrupt that arrives in ring 0 can only come while
 * the halt service idles: it returns there at once. A fault in ring 0 is a runtime bug:
 * it prints one line on COM2 and ends the VM. */
#include "uni/layout.h"

#define F(n) (uni_trap_frame + 8 * (n))
#define I(n) (uni_irq_frame + 8 * (n))

/* The general registers into a frame, in struct uni_trap_frame's order. */
.macro save_gprs frame
	mov %rax, \frame + 8 * 0
	mov %rbx, \frame + 8 * 1
	mov %rcx, \frame + 8 * 2
	mov %rdx, \frame + 8 * 3
	mov %rsi, \frame + 8 * 4
	mov %rdi, \frame + 8 * 5
	mov %rbp, \frame + 8 * 6
	mov %r8, \frame + 8 * 7
	mov %r9, \frame + 8 * 8
	mov %r10, \frame + 8 * 9
	mov %r11, \frame + 8 * 10
	mov %r12, \frame + 8 * 11
	mov %r13, \frame + 8 * 12
	mov %r14, \frame + 8 * 13
	mov %r15, \frame + 8 * 14
.endm

.macro stub vec
	.balign 16
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq $0
	.endif
	pushq $\vec
	jmp trap_common
.endm

	.section .text.trap, "ax"
	.globl uni_trap_stubs
	.balign 16
uni_trap_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	stub \v
	.endr

/* Interrupt vectors: the LAPIC timer and the LAPIC's spurious vector (uni/layout.h). */
	.globl uni_irq_stubs
	.balign 16
uni_irq_stubs:
	pushq $0
	pushq $UNI_VEC_TIMER
	jmp irq_common
	.balign 16
	iretq				/* spurious: no EOI, nothing to do */
	.balign 16
	pushq $0			/* a device: the same path, drivers poll their queues */
	pushq $UNI_VEC_DEVICE
	jmp irq_common

irq_common:
	testb $3, 24(%rsp)
	jnz 1f
	add $16, %rsp			/* from the halt service: just wake it */
	iretq
1:	save_gprs uni_irq_frame
	pop %rax
	mov %rax, I(15)
	pop %rax
	mov (%rsp), %rax
	mov %rax, I(17)			/* rip */
	mov 16(%rsp), %rax
	mov %rax, I(18)			/* rflags */
	mov 24(%rsp), %rax
	mov %rax, I(19)			/* rsp */
	movq $uni_irq_user_entry, (%rsp)
	movq $UNI_RFLAGS_USER, 16(%rsp)
	movq $uni_irq_stack_top, 24(%rsp)
	iretq

/* Stack here: vector, error, rip, cs, rflags, rsp, ss. */
trap_common:
	testb $3, 24(%rsp)
	jz ring0_fault
	save_gprs uni_trap_frame
	pop %rax
	mov %rax, F(15)			/* vector */
	pop %rax
	mov %rax, F(16)			/* error code */
	mov (%rsp), %rax
	mov %rax, F(17)			/* rip */
	mov 16(%rsp), %rax
	mov %rax, F(18)			/* rflags */
	mov 24(%rsp), %rax
	mov %rax, F(19)			/* rsp */
	mov %cr2, %rax
	mov %rax, F(20)
	movq $uni_trap_user_entry, (%rsp)
	movq $UNI_RFLAGS_USER, 16(%rsp)
	movq $uni_trap_stack_top, 24(%rsp)
	iretq

ring0_fault:
	lea panic_msg(%rip), %rsi
1:	lodsb
	test %al, %al
	jz 2f
	mov $0x2f8, %dx
	out %al, %dx
	jmp 1b
2:	mov (%rsp), %rax		/* vector, as one hex digit pair */
	mov $0x2f8, %dx
	mov %al, %bl
	shr $4, %al
	add $'0', %al
	out %al, %dx
	mov %bl, %al
	and $15, %al
	cmp $10, %al
	jb 3f
	add $('a' - '0' - 10), %al
3:	add $'0', %al
	out %al, %dx
	mov $'\n', %al
	out %al, %dx
	lea panic_exit(%rip), %rsi
	mov $0xe9, %dx
4:	lodsb
	test %al, %al
	jz 5f
	out %al, %dx
	jmp 4b
5:	mov $0xf4, %dx
	mov $255, %eax
	out %eax, %dx
	cli
	hlt
	jmp 5b

	.section .rodata.trap, "a"
panic_msg:	.asciz "uni: runtime bug: exception in ring 0, vector 0x"
panic_exit:	.asciz "exit 255\n"

/* Ring 3 from here on. */
	.text
	.type uni_trap_user_entry, @function
uni_trap_user_entry:
	/* The faulting code's vector state, before any C code can change it: a signal
	 * handler's ucontext carries it, and sigreturn puts it back. */
	lea uni_trap_xsave(%rip), %rdi
	mov $-1, %eax
	mov $-1, %edx
	xsave (%rdi)
	lea uni_trap_frame(%rip), %rdi
	call uni_crash_from_trap
	ud2

	.bss
	.balign 64
	.globl uni_trap_frame, uni_irq_frame, uni_irq_stack_top
uni_trap_frame:	.skip 8 * 21
uni_irq_frame:	.skip 8 * 21
	.balign 64
	.globl uni_trap_xsave
uni_trap_xsave:	.skip UNI_XSAVE_SIZE
	.balign 16
	.skip UNI_TRAP_STACK_SIZE
uni_trap_stack_top:
	.skip UNI_TRAP_STACK_SIZE
uni_irq_stack_top:

	.section .note.GNU-stack, "", @progbits
