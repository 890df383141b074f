/* The syscall seam of the 'pvh' platform: musl's kernel entry points bound to the ring-3
 * runtime. A system call is a plain call into __uni_syscall (syscall/dispatch.c). */

	.text

/* long __syscall_cp_asm(volatile int *cancel, long n, long a1, ..., long a6)
 * A call, not a tail jump, so that a signal delivered when __uni_syscall returns sees its
 * pc in [__cp_begin, __cp_end) when the call is to be restarted (uni_cp_restart), and at
 * __cp_end when it returned: what musl's cancel_handler expects of Linux's syscall. */
	.globl __syscall_cp_asm, __cp_begin, __cp_end, __cp_cancel, uni_cp_restart, uni_cp_call
	.hidden __syscall_cp_asm, __cp_begin, __cp_end, __cp_cancel, __cancel, uni_cp_restart, uni_cp_call
	/* Weak: only musl's pthread_cancel.c calls __syscall_cp_asm (its __syscall_cp_c; without
	 * it, musl's cancellation points make plain syscalls), and it defines __cancel; a strong
	 * reference here would link pthread_cancel and the thread code it needs into every image. */
	.weak __cancel
	.type __syscall_cp_asm, @function
__syscall_cp_asm:
__cp_begin:
	mov (%rdi), %eax
	test %eax, %eax
	jnz __cp_cancel
	mov %rsi, %rdi
	mov %rdx, %rsi
	mov %rcx, %rdx
	mov %r8, %rcx
	mov %r9, %r8
	mov 8(%rsp), %r9
uni_cp_restart:			/* n, a1..a5 in place; a6 is still the caller's 16(%rsp) */
	pushq 16(%rsp)			/* a6 becomes the seventh argument's stack slot */
uni_cp_call:
	call __uni_syscall
__cp_end:
	add $8, %rsp
	ret
__cp_cancel:
	jmp __cancel
	.size __syscall_cp_asm, . - __syscall_cp_asm

/* Signal return: the handler's ret popped the return address, so rsp is the ucontext
 * uni_signal_enter (core/sigframe.c) put right above it. */
	.globl __restore_rt
	.hidden __restore_rt
	.type __restore_rt, @function
__restore_rt:
	mov %rsp, %rdi
	and $-16, %rsp
	call uni_sigreturn
	ud2
	.size __restore_rt, . - __restore_rt

	.section .note.GNU-stack, "", @progbits
