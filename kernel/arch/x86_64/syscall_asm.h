/* syscall_asm.h: assembly macros for what the syscall seams (arch/x86_64/seam.S for pvh and
 * process, platform/linux/seam.S) and the process platform's host calls (host.S) share. */

/* A function long f(long n, long a1, ..., long a6) that makes system call n on the kernel
 * below: the C ABI's rdi, rsi, rdx, rcx, r8, r9 and first stack slot moved to the syscall
 * ABI's rax, rdi, rsi, rdx, r10, r8, r9; the result (or -errno) comes back in rax. */
.macro SYSCALL_FROM_C name
	.type \name, @function
\name:
	mov %rdi, %rax
	mov %rsi, %rdi
	mov %rdx, %rsi
	mov %rcx, %rdx
	mov %r8, %r10
	mov %r9, %r8
	mov 8(%rsp), %r9
	syscall
	ret
	.size \name, . - \name
.endm

/* The start of musl's cancellation point __syscall_cp_asm(volatile int *cancel, long n,
 * long a1, ..., long a6): its symbols, and the test of *cancel at __cp_begin. musl's cancel
 * handler acts on a pc in [__cp_begin, __cp_end), so the seam puts __cp_end right after the
 * instruction that makes the call, then ends with CANCEL_POINT_END. */
.macro CANCEL_POINT_BEGIN
	.globl __syscall_cp_asm, __cp_begin, __cp_end, __cp_cancel
	.hidden __syscall_cp_asm, __cp_begin, __cp_end, __cp_cancel, __cancel
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
.endm

/* A cancellation found at __cp_begin goes to musl's __cancel. */
.macro CANCEL_POINT_END
__cp_cancel:
	jmp __cancel
	.size __syscall_cp_asm, . - __syscall_cp_asm
.endm
