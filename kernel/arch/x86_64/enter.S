/* Enters the program: moves the initial stack into place and jumps to musl's _start.
 * Uses no stack after the copy starts, since the copy overwrites the runtime's frame. */
	.text
	.globl uni_enter_program
	.type uni_enter_program, @function
/* uni_enter_program(image = rdi, len = rsi, top = rdx, entry = rcx) */
uni_enter_program:
	mov %rcx, %r8
	mov %rdx, %rax
	sub %rsi, %rax			/* new rsp: 16-byte aligned, argc at the bottom */
	mov %rsi, %rcx
	mov %rdi, %rsi
	mov %rax, %rdi
	mov %rax, %rsp
	cld
	rep movsb
	xor %ebp, %ebp
	jmp *%r8
	.size uni_enter_program, . - uni_enter_program

	.section .note.GNU-stack, "", @progbits
