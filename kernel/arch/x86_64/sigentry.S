/* Signals due when a syscall returns: __uni_syscall's return is redirected here so that the
 * handler gets a real signal frame, as on Linux, with the caller's registers, rip and rsp. */
#include "uni/layout.h"

/* Room left on the stack above this code's own frame for the signal frame that
 * uni_signal_frame builds below rsp - 128: vector state (UNI_XSAVE_SIZE + 64 to align),
 * siginfo (128) and ucontext (936); rounded up. */
#define SIGFRAME_ROOM (UNI_XSAVE_SIZE + 4096)

	.text
/* Reached by __uni_syscall's ret (dispatch.c put this address in its return slot): rsp and
 * every callee-saved register, the MXCSR and the x87 control word are the caller's, rax is
 * the result; nothing else is live after a call. Saves them as a trap frame and the vector
 * state, below the room for the signal frame, for uni_signal_syscall_return. */
	.globl uni_syscall_signal_return
	.type uni_syscall_signal_return, @function
uni_syscall_signal_return:
	mov %rsp, %r11
	sub $(SIGFRAME_ROOM + UNI_XSAVE_SIZE), %rsp
	and $-64, %rsp
	mov %rsp, %r10			/* vector state */
	sub $176, %rsp			/* struct uni_trap_frame (21 words) and 8 to keep 16-byte alignment */
	mov %rax, 0(%rsp)
	mov %rbx, 8(%rsp)
	mov %rbp, 48(%rsp)
	mov %r12, 88(%rsp)
	mov %r13, 96(%rsp)
	mov %r14, 104(%rsp)
	mov %r15, 112(%rsp)
	mov %r11, 152(%rsp)		/* rsp */
	xor %eax, %eax
	.irp off, 16, 24, 32, 40, 56, 64, 72, 80, 120, 128, 136, 144, 160
	mov %rax, \off(%rsp)
	.endr
	.irp off, 512, 520, 528, 536, 544, 552, 560, 568
	mov %rax, \off(%r10)		/* xrstor faults unless the header's reserved bytes are 0 */
	.endr
	mov uni_xsave_mask(%rip), %eax
	mov uni_xsave_mask+4(%rip), %edx
	xsave (%r10)
	mov %rsp, %rdi
	mov %r10, %rsi
	call uni_signal_syscall_return
	ud2
	.size uni_syscall_signal_return, . - uni_syscall_signal_return

/* Restarts a syscall that a handler with SA_RESTART interrupted (Linux rewinds rip to the
 * syscall instruction): rdi..r9 = n, a1..a5, rax = a6, and (%rsp) the original return
 * address, as uni_signal_syscall_return set the frame up. */
	.globl uni_syscall_restart
	.type uni_syscall_restart, @function
uni_syscall_restart:
	push %rax
	call __uni_syscall
	add $8, %rsp
	ret
	.size uni_syscall_restart, . - uni_syscall_restart

	.section .note.GNU-stack, "", @progbits
