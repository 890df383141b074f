/* link.h: LINK, the wrapper through which uni-ld's --wrap routes a libc function: it jumps to
 * the function itself (__real_), and names the runtime's handler of the syscall the function
 * makes, so that linking the function links the handler (syscall/table.h: LINKED_SYSCALL). */
.macro LINK fn, handler
	.section .text.__wrap_\fn, "ax", @progbits
	.globl __wrap_\fn
	.type __wrap_\fn, @function
__wrap_\fn:
	/* A relocation that changes nothing: the reference alone pulls the handler's object. */
	.reloc ., R_X86_64_NONE, \handler
	jmp __real_\fn
	.size __wrap_\fn, . - __wrap_\fn
.endm
