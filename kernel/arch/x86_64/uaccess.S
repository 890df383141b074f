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

	.section .note.GNU-stack, "", @progbits
