/* Thread switching in ring 3. A voluntary switch is a function call, so it keeps only what
 * the C ABI says survives a call: rbx, rbp, r12-r15, the MXCSR and x87 control words. A
 * preempted thread is resumed from its full frame with xrstor and a ring-3 iretq, which
 * restores rsp, rip and rflags (IF included, as IOPL=3) in one instruction. */
#include "uni/layout.h"

/* Saves what survives a call on the stack and the stack pointer in *rdi. */
.macro save_callee_state
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	sub $8, %rsp
	stmxcsr 4(%rsp)
	fnstcw (%rsp)
	mov %rsp, (%rdi)
.endm

	.text
/* void uni_switch_stacks(uint64_t *save_rsp, uint64_t new_rsp) */
	.globl uni_switch_stacks
	.type uni_switch_stacks, @function
uni_switch_stacks:
	save_callee_state
	mov %rsi, %rsp
restore_saved:
	fldcw (%rsp)
	ldmxcsr 4(%rsp)
	add $8, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret
	.size uni_switch_stacks, . - uni_switch_stacks

/* void uni_jump_to_stack(uint64_t rsp): from interrupt context, resume a thread that
 * switched voluntarily (or a new one). Interrupts come back on with it. */
	.globl uni_jump_to_stack
	.type uni_jump_to_stack, @function
uni_jump_to_stack:
	mov %rdi, %rsp
	/* The resumed thread runs runtime code (depth > 0): an interrupt that comes as soon as
	 * they are on is only noted (sched/irq.S). */
	call uni_irq_on
	jmp restore_saved
	.size uni_jump_to_stack, . - uni_jump_to_stack

/* void uni_switch_to_frame(uint64_t *save_rsp, const frame *f, void *xsave): save the
 * caller as a voluntary switch would, then resume a preempted thread. Returns when the
 * caller is switched back to. */
	.globl uni_switch_to_frame
	.type uni_switch_to_frame, @function
uni_switch_to_frame:
	save_callee_state
	mov %rsi, %rdi
	mov %rdx, %rsi
	/* fall through */

/* Fills this CPU's iretq area (struct uni_cpu's resume_iret) from the frame at rdi and
 * moves rsp there. The current stack is not used from here on: once the locks are dropped,
 * the thread that owns it may already run on another CPU (it was put back in the run queue
 * before this CPU picked another thread). Interrupts must be off. Clobbers rax, rcx. */
.macro iret_frame_from_rdi
	mov %gs:UNI_CPU_SELF, %rax
	lea UNI_CPU_RESUME_IRET(%rax), %rsp
	mov 8*17(%rdi), %rcx
	mov %rcx, 0(%rsp)
	movq $UNI_SEL_UCODE, 8(%rsp)
	mov 8*18(%rdi), %rcx
	mov %rcx, 16(%rsp)
	mov 8*19(%rdi), %rcx
	mov %rcx, 24(%rsp)
	movq $UNI_SEL_UDATA, 32(%rsp)
.endm

/* _Noreturn void uni_resume_frame(const frame *f, void *xsave): vector state, then every
 * register and rip/rflags/rsp of the frame. A frame is program code: preemption depth 0,
 * so the big lock is dropped if this CPU holds it (after a signal's delivery), and a thread
 * this CPU switched away from may run elsewhere once this is off its stack. A platform with a resume operation (uni/platform.h) does
 * all of it itself. */
	.globl uni_resume_frame
	.type uni_resume_frame, @function
uni_resume_frame:
	xor %edx, %edx
	jmp resume
	.size uni_resume_frame, . - uni_resume_frame

/* _Noreturn void uni_resume_runtime_frame(const frame *f, void *xsave): the same for a frame
 * of runtime code (a probe's fault, core/uaccess.c), which keeps its depth and the lock. */
	.globl uni_resume_runtime_frame
	.type uni_resume_runtime_frame, @function
uni_resume_runtime_frame:
	mov $1, %edx
resume:					/* edx: 1 if the frame keeps the depth and the lock */
	mov uni_plat(%rip), %rax
	mov UNI_PLATFORM_RESUME(%rax), %rax
	test %rax, %rax
	jz 1f
	jmp *%rax			/* the platform's own way (process: rt_sigreturn) */
1:	cli
	iret_frame_from_rdi
	mov %gs:UNI_CPU_HANDOFF, %rcx	/* off the stack we switched from: its thread may run */
	test %rcx, %rcx
	jz 3f
	movq $0, %gs:UNI_CPU_HANDOFF
	movl $0, (%rcx)
3:	test %edx, %edx
	jnz 2f
	movl $0, %gs:UNI_CPU_PREEMPT_OFF
	cmpl $0, %gs:UNI_CPU_HOLDS
	je 2f
	movl $0, %gs:UNI_CPU_HOLDS
	incl uni_big_lock + 4(%rip)	/* the lock's owner ticket: the next waiter's turn */
2:	mov uni_xsave_mask(%rip), %eax
	mov uni_xsave_mask+4(%rip), %edx
	xrstor (%rsi)
	jmp load_frame_and_iret
	.size uni_resume_runtime_frame, . - uni_resume_runtime_frame

/* uni_return_to_frame: rdi = a frame in this CPU's own memory (sched/irq.S); its vector
 * state was never saved, so it stays as it is. Interrupts are off. */
	.globl uni_return_to_frame
	.type uni_return_to_frame, @function
uni_return_to_frame:
	iret_frame_from_rdi
load_frame_and_iret:
	mov 8*0(%rdi), %rax
	mov 8*1(%rdi), %rbx
	mov 8*2(%rdi), %rcx
	mov 8*3(%rdi), %rdx
	mov 8*4(%rdi), %rsi
	mov 8*6(%rdi), %rbp
	mov 8*7(%rdi), %r8
	mov 8*8(%rdi), %r9
	mov 8*9(%rdi), %r10
	mov 8*10(%rdi), %r11
	mov 8*11(%rdi), %r12
	mov 8*12(%rdi), %r13
	mov 8*13(%rdi), %r14
	mov 8*14(%rdi), %r15
	mov 8*5(%rdi), %rdi
	iretq
	.size uni_return_to_frame, . - uni_return_to_frame

/* A new context's first instructions: its prepared stack popped fn into r12, arg into r13.
 * It is switched to as a blocked thread returns from its switch (sched/sched.c). */
	.globl uni_thread_trampoline
	.type uni_thread_trampoline, @function
uni_thread_trampoline:
	call uni_sched_switched
	call uni_preempt_enable
	mov %r13, %rdi
	call *%r12
	mov %eax, %edi
	call uni_thread_exit
	ud2
	.size uni_thread_trampoline, . - uni_thread_trampoline

	.section .note.GNU-stack, "", @progbits
