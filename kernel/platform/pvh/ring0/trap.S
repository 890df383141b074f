/* Exception and interrupt entry. Neither is handled in ring 0: the stub stores the
 * registers in a frame in ring-3 memory (this CPU's struct uni_cpu, found through its page 0:
 * trap_frame for faults, irq_frame for interrupts) and returns with iretq into ring 3 on that
 * CPU's separate stack: uni_trap_user_entry reports the crash, uni_irq_user_entry (sched/irq.S)
 * runs the scheduler. That is ~40 ring-0 instructions per event. An interrupt that arrives in
 * ring 0 can only come while the halt service idles: it ends the interrupt and returns there
 * at once. The TLB and stop IPIs are handled in ring 0 alone. A fault in ring 0 is a runtime
 * bug: it prints one line on COM2 and ends the VM. */
#include "uni/layout.h"

/* The general registers but rax into the frame at offset 'frame' of this CPU's struct
 * uni_cpu, whose address is in rax (struct uni_trap_frame's order). */
.macro save_gprs frame
	mov %rbx, \frame + 8 * 1(%rax)
	mov %rcx, \frame + 8 * 2(%rax)
	mov %rdx, \frame + 8 * 3(%rax)
	mov %rsi, \frame + 8 * 4(%rax)
	mov %rdi, \frame + 8 * 5(%rax)
	mov %rbp, \frame + 8 * 6(%rax)
	mov %r8, \frame + 8 * 7(%rax)
	mov %r9, \frame + 8 * 8(%rax)
	mov %r10, \frame + 8 * 9(%rax)
	mov %r11, \frame + 8 * 10(%rax)
	mov %r12, \frame + 8 * 11(%rax)
	mov %r13, \frame + 8 * 12(%rax)
	mov %r14, \frame + 8 * 13(%rax)
	mov %r15, \frame + 8 * 14(%rax)
.endm

/* Stack: saved rax, vector, error, rip, cs, rflags, rsp, ss. Fills the rest of the frame at
 * 'frame' (rax = this CPU's struct uni_cpu) and rewrites the iretq frame to enter 'entry' in
 * ring 3 on the stack whose top is at 'stack'(%rax), with IF off. */
.macro to_ring3 frame, entry, stack
	save_gprs \frame
	pop %rbx
	mov %rbx, \frame + 8 * 0(%rax)		/* rax */
	pop %rbx
	mov %rbx, \frame + 8 * 15(%rax)		/* vector */
	pop %rbx
	mov %rbx, \frame + 8 * 16(%rax)		/* error code */
	mov (%rsp), %rbx
	mov %rbx, \frame + 8 * 17(%rax)		/* rip */
	mov 16(%rsp), %rbx
	mov %rbx, \frame + 8 * 18(%rax)		/* rflags */
	mov 24(%rsp), %rbx
	mov %rbx, \frame + 8 * 19(%rax)		/* rsp */
	lea \entry(%rip), %rbx
	mov %rbx, (%rsp)
	movq $UNI_RFLAGS_USER, 16(%rsp)
	mov \stack(%rax), %rbx
	mov %rbx, 24(%rsp)
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

/* Interrupt vectors (uni/layout.h), 16 bytes apart: the LAPIC timer and the reschedule IPI
 * (both run the ring-3 scheduler), the TLB IPI, the stop IPI, the spurious vector, and every
 * device interrupt (the scheduler's path too: drivers poll their queues; devices interrupt
 * the first CPU, APIC ID 0). */
	.globl uni_irq_stubs
	.balign 16
uni_irq_stubs:
	pushq $0
	pushq $UNI_VEC_TIMER
	jmp irq_common
	.balign 16
	pushq $0
	pushq $UNI_VEC_RESCHED
	jmp irq_common
	.balign 16
	jmp tlb_flush
	.balign 16
1:	cli				/* stop: the VM is ending (uni_smp_stop_others) */
	hlt
	jmp 1b
	.balign 16
	iretq				/* spurious: no EOI, nothing to do */
	.balign 16
	pushq $0			/* a device: the same path, drivers poll their queues */
	pushq $UNI_VEC_DEVICE
	jmp irq_common

/* Another CPU changed mappings: reload CR3, then acknowledge with the generation read before
 * the reload (uni_smp_tlb_shootdown waits for it). ~12 instructions, from ring 0 or ring 3. */
tlb_flush:
	push %rax
	push %rbx
	mov uni_tlb_gen(%rip), %rbx
	mov %cr3, %rax
	mov %rax, %cr3
	mov UNI_R0_CPU, %rax
	mov %rbx, UNI_CPU_TLB_DONE(%rax)
	mov $(UNI_LAPIC_BASE + 0xb0), %eax
	movl $0, (%rax)			/* end of interrupt */
	pop %rbx
	pop %rax
	iretq

irq_common:
	testb $3, 24(%rsp)
	jnz 1f
	push %rax			/* from the halt service: end the interrupt and wake it */
	cmpq $UNI_VEC_DEVICE, 8(%rsp)
	jne 2f
	movl $1, uni_device_irq(%rip)	/* what sched/irq.S notes in ring 3: the idle loop */
	movl $1, uni_hostsig_irq(%rip)	/* polls only when one of them is set */
2:	mov $(UNI_LAPIC_BASE + 0xb0), %eax
	movl $0, (%rax)
	pop %rax
	add $16, %rsp
	iretq
1:	push %rax
	mov UNI_R0_CPU, %rax
	to_ring3 UNI_CPU_IRQ_FRAME, uni_irq_user_entry, UNI_CPU_IRQ_STACK
	iretq

/* Stack here: vector, error, rip, cs, rflags, rsp, ss. */
trap_common:
	testb $3, 24(%rsp)
	jz ring0_fault
	push %rax
	mov UNI_R0_CPU, %rax
	to_ring3 UNI_CPU_TRAP_FRAME, uni_trap_user_entry, UNI_CPU_TRAP_STACK
	mov %cr2, %rbx
	mov %rbx, UNI_CPU_TRAP_FRAME + 8 * 20(%rax)
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
	.globl uni_trap_user_entry
	.hidden uni_trap_user_entry
	.type uni_trap_user_entry, @function
uni_trap_user_entry:
	/* The faulting code's vector state, before any C code can change it: a signal
	 * handler's ucontext carries it, and sigreturn puts it back. */
	mov %gs:UNI_CPU_TRAP_XSAVE, %rdi
	mov uni_xsave_mask(%rip), %eax
	mov uni_xsave_mask+4(%rip), %edx
	xsave (%rdi)
	mov %gs:UNI_CPU_SELF, %rdi
	add $UNI_CPU_TRAP_FRAME, %rdi
	call uni_crash_from_trap
	ud2

	/* The first CPU's fault and interrupt stacks and fault vector state (sched/cpu.c). */
	.bss
	.balign 64
	.globl uni_trap_xsave0, uni_trap_stack_top0, uni_irq_stack_top0
uni_trap_xsave0:	.skip UNI_XSAVE_SIZE
	.balign 16
	.skip UNI_TRAP_STACK_SIZE
uni_trap_stack_top0:
	.skip UNI_TRAP_STACK_SIZE
uni_irq_stack_top0:

	.section .note.GNU-stack, "", @progbits
