/* The process platform's only syscall instructions: calls to the host kernel. They sit in
 * one section between uni_host_text_start and uni_host_text_end, and the seccomp filter
 * (sandbox.c) lets only a syscall made from there reach the host; any other syscall
 * instruction in the image traps into the runtime's dispatcher instead. */
#include "arch/x86_64/syscall_asm.h"

	.section .text.uni_host, "ax"
	.balign 512	/* more than the section's size: it never crosses 4 GiB (sandbox.c) */
	.globl uni_host_text_start, uni_host_text_end
	.hidden uni_host_text_start, uni_host_text_end
uni_host_text_start:

/* long uni_host_syscall(long n, long a1, ..., long a6): the result or -errno. */
	.globl uni_host_syscall
	.hidden uni_host_syscall
	SYSCALL_FROM_C uni_host_syscall

/* long uni_host_clone(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg):
 * a host thread sharing everything, which runs fn(arg) on stack_top and must never return. */
	.globl uni_host_clone
	.hidden uni_host_clone
	.type uni_host_clone, @function
uni_host_clone:
	push %r12
	push %r13
	mov %rdx, %r12
	mov %rcx, %r13
	xor %edx, %edx
	xor %r10d, %r10d
	xor %r8d, %r8d
	mov $56, %eax			/* clone */
	syscall
	test %rax, %rax
	jnz 1f
	xor %ebp, %ebp			/* the child, on its own stack: the outermost frame */
	mov %r13, %rdi
	call *%r12
	ud2
1:	pop %r13
	pop %r12
	ret
	.size uni_host_clone, . - uni_host_clone

/* The host signal handlers' return (sa_restorer), and uni_host_sigreturn(rsp): resumes the
 * context of the rt_sigframe whose ucontext is at rsp (traps.c builds it). */
	.globl uni_host_restorer, uni_host_sigreturn
	.hidden uni_host_restorer, uni_host_sigreturn
	.type uni_host_sigreturn, @function
uni_host_sigreturn:
	mov %rdi, %rsp
uni_host_restorer:
	mov $15, %eax			/* rt_sigreturn */
	syscall
	ud2
	.size uni_host_sigreturn, . - uni_host_sigreturn

uni_host_text_end:

/* The image's entry when Linux executes it (ELF e_entry; QEMU boots the PVH note's entry
 * instead): rsp points at argc, argv, envp and auxv. */
	.text
	.globl uni_process_entry
	.type uni_process_entry, @function
uni_process_entry:
	xor %ebp, %ebp
	mov %rsp, %rdi
	and $-16, %rsp
	call uni_process_start
	ud2
	.size uni_process_entry, . - uni_process_entry

	.section .note.GNU-stack, "", @progbits
