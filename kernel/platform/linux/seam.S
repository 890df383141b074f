/* The syscall seam of the 'linux' platform: musl's kernel entry points bound to the real
 * syscall instruction, so the same libc.a runs as an ordinary static Linux process. */
#include "arch/x86_64/syscall_asm.h"

	.text

/* long __uni_syscall(long n, long a1, ..., long a6): C ABI in, Linux syscall ABI out. */
	.globl __uni_syscall
	.hidden __uni_syscall
	SYSCALL_FROM_C __uni_syscall

/* long __syscall_cp_asm(volatile int *cancel, long n, long a1, ..., long a6): the syscall
 * instruction is the cancellation point. */
	CANCEL_POINT_BEGIN
	mov %rsi, %rax
	mov %rdx, %rdi
	mov %rcx, %rsi
	mov %r8, %rdx
	mov %r9, %r10
	mov 8(%rsp), %r8
	mov 16(%rsp), %r9
	syscall
__cp_end:
	ret
	CANCEL_POINT_END

/* int __clone(int (*fn)(void *), void *stack, int flags, void *arg, pid_t *ptid, void *tls,
 *             pid_t *ctid): the child starts on 'stack' and calls fn(arg), then exits. */
	.globl __clone
	.hidden __clone
	.type __clone, @function
__clone:
	and $-16, %rsi
	sub $16, %rsi
	mov %rdi, 8(%rsi)       /* fn and arg travel on the child's stack */
	mov %rcx, (%rsi)
	mov %rdx, %rdi          /* flags */
	mov %r8, %rdx           /* ptid */
	mov 8(%rsp), %r10       /* ctid */
	mov %r9, %r8            /* tls */
	mov $56, %eax           /* SYS_clone(flags, stack, ptid, ctid, tls) */
	syscall
	test %eax, %eax
	jnz 1f
	xor %ebp, %ebp          /* child: outermost frame */
	pop %rdi
	pop %rax
	call *%rax
	mov %eax, %edi
	mov $60, %eax           /* SYS_exit */
	syscall
	hlt
1:	ret
	.size __clone, . - __clone

/* void __unmapself(void *base, size_t size): unmap the calling thread's stack, then exit
 * the thread, without touching the stack in between. */
	.globl __unmapself
	.hidden __unmapself
	.type __unmapself, @function
__unmapself:
	mov $11, %eax           /* SYS_munmap(base, size) */
	syscall
	xor %edi, %edi
	mov $60, %eax           /* SYS_exit(0) */
	syscall
	hlt
	.size __unmapself, . - __unmapself

/* int __set_thread_area(void *tp): arch_prctl(ARCH_SET_FS, tp). */
	.globl __set_thread_area
	.hidden __set_thread_area
	.type __set_thread_area, @function
__set_thread_area:
	mov %rdi, %rsi
	mov $0x1002, %edi
	mov $158, %eax
	syscall
	ret
	.size __set_thread_area, . - __set_thread_area

/* Signal return trampoline: the kernel finds the signal frame at the current stack pointer. */
	.globl __restore_rt
	.hidden __restore_rt
	.type __restore_rt, @function
	nop
__restore_rt:
	mov $15, %eax           /* SYS_rt_sigreturn */
	syscall
	.size __restore_rt, . - __restore_rt

/* pid_t vfork(void): the child shares this stack, so the return address is kept in a register. */
	.globl vfork
	.type vfork, @function
vfork:
	pop %rdx
	mov $58, %eax
	syscall
	push %rdx
	mov %rax, %rdi
	jmp __syscall_ret
	.hidden __syscall_ret
	.size vfork, . - vfork

/* musl's socket calls name uni_net_stack, which pulls an image's network stack into the
 * link; a Linux process uses the kernel's. */
	.section .rodata
	.globl uni_net_stack
	.type uni_net_stack, @object
uni_net_stack:
	.byte 0
	.size uni_net_stack, 1

	.section .note.GNU-stack, "", @progbits
