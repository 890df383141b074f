/* Probes of program pointers that syscalls are given: one access per page that faults like
 * the syscall's own access would, but here core/crash.c resumes a fault at uni_probe_fault,
 * which returns -EFAULT (core/uaccess.c), instead of ending the VM. */
#include "uni/layout.h"

	.text
/* long uni_probe_read(const void *p): 0 if a byte at p can be read, else -EFAULT. */
	.globl uni_probe_read, uni_probe_read_insn
	.type uni_probe_read, @function
uni_probe_read:
uni_probe_read_insn:
	movb (%rdi), %al
	xor %eax, %eax
	ret
	.size uni_probe_read, . - uni_probe_read

/* long uni_probe_write(void *p): 0 if the byte at p can be written, else -EFAULT. A locked
 * or of 0 writes without changing the byte, even if another thread writes it meanwhile. */
	.globl uni_probe_write, uni_probe_write_insn
	.type uni_probe_write, @function
uni_probe_write:
uni_probe_write_insn:
	lock orb $0, (%rdi)
	xor %eax, %eax
	ret
	.size uni_probe_write, . - uni_probe_write

/* Where a fault at either probe resumes: the probe's caller gets -EFAULT. */
	.globl uni_probe_fault
	.type uni_probe_fault, @function
uni_probe_fault:
	mov $-14, %rax
	ret
	.size uni_probe_fault, . - uni_probe_fault

/* _Noreturn void uni_resume_runtime_frame(const frame *f, void *xsave): like
 * uni_resume_frame, but the frame is runtime code, which keeps its depth and the lock. */
	.globl uni_resume_runtime_frame
	.type uni_resume_runtime_frame, @function
uni_resume_runtime_frame:
	mov uni_plat(%rip), %rax
	mov UNI_PLATFORM_RESUME(%rax), %rax
	test %rax, %rax
	jz 1f
	mov $1, %edx			/* the platform's own way, keeping the depth and the lock */
	jmp *%rax
1:	cli
	mov uni_xsave_mask(%rip), %eax
	mov uni_xsave_mask+4(%rip), %edx
	xrstor (%rsi)
	jmp uni_return_to_frame
	.size uni_resume_runtime_frame, . - uni_resume_runtime_frame

	.section .note.GNU-stack, "", @progbits
