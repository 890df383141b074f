/* Ring-3 entry of the timer, device interrupts and the reschedule IPI (trap.S saved the
 * registers in this CPU's irq_frame and put us on its interrupt stack with IF off). If runtime
 * code runs on this CPU the tick is only noted; otherwise the interrupted thread's vector state is saved before any
 * C code can touch it, and sched.c picks the next thread. */
#include "uni/layout.h"

	.text
	.globl uni_irq_user_entry
	.type uni_irq_user_entry, @function
uni_irq_user_entry:
	cmpq $UNI_VEC_DEVICE, %gs:UNI_CPU_IRQ_FRAME + 8 * 15
	jne 2f
	movl $1, uni_device_irq(%rip)	/* drivers acknowledge their devices when they poll */
	movl $1, uni_hostsig_irq(%rip)	/* and core/hostsig.c looks for a signal from outside */
2:	cmpl $0, %gs:UNI_CPU_PREEMPT_OFF
	jne 1f
	mov %gs:UNI_CPU_CUR_XSAVE, %rdi
	mov uni_xsave_mask(%rip), %eax
	mov uni_xsave_mask+4(%rip), %edx
	xsave (%rdi)
	call uni_sched_tick
	ud2
1:	movl $1, %gs:UNI_CPU_PREEMPT_PENDING
	movabs $(UNI_LAPIC_BASE + 0xb0), %rax
	movl $0, (%rax)			/* end of interrupt */
	mov %gs:UNI_CPU_SELF, %rdi
	add $UNI_CPU_IRQ_FRAME, %rdi
	jmp uni_return_to_frame
	.size uni_irq_user_entry, . - uni_irq_user_entry

	.section .note.GNU-stack, "", @progbits
