/* Ring-3 entry of the timer and device interrupts (trap.S saved the registers in uni_irq_frame and put
 * us on the interrupt stack with IF off). If the scheduler's state is being changed the
 * tick is only noted; otherwise the interrupted thread's vector state is saved before any
 * C code can touch it, and sched.c picks the next thread. */
#include "uni/layout.h"

	.text
	.globl uni_irq_user_entry
	.type uni_irq_user_entry, @function
uni_irq_user_entry:
	cmpq $UNI_VEC_DEVICE, uni_irq_frame + 8 * 15(%rip)
	jne 2f
	movl $1, uni_device_irq(%rip)	/* drivers acknowledge their devices when they poll */
2:	cmpl $0, uni_preempt_off(%rip)
	jne 1f
	mov uni_cur_xsave(%rip), %rdi
	mov $-1, %eax
	mov $-1, %edx
	xsave (%rdi)
	call uni_sched_tick
	ud2
1:	movl $1, uni_preempt_pending(%rip)
	movabs $(UNI_LAPIC_BASE + 0xb0), %rax
	movl $0, (%rax)			/* end of interrupt */
	lea uni_irq_frame(%rip), %rdi
	jmp uni_return_to_frame
	.size uni_irq_user_entry, . - uni_irq_user_entry

	.section .note.GNU-stack, "", @progbits
