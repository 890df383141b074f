/* The syscall instruction's entry (LSTAR). Two callers reach it:
 * - the runtime's ring-0 services (uni/service.h), run here in ring 0;
 * - foreign code that executes `syscall` itself (hand-written assembly, prebuilt objects):
 *   the call is handed back to ring 3, to uni_foreign_syscall, which calls the same
 *   dispatcher as musl and returns to the instruction after `syscall`.
 * Both return with iretq: sysretq crashes the guest under PVM (docs/HARDWARE.md). */
#include "uni/layout.h"
#include "uni/service.h"

	.section .text.trap, "ax"
	.globl uni_syscall_entry
	.type uni_syscall_entry, @function
uni_syscall_entry:
	/* rcx = user rip, r11 = user rflags, rsp = user stack; IF is off (SFMASK). */
	/* Page 0 is this CPU's: it holds the ring-0 stack pointer (RSP0) and a save slot. */
	mov %rsp, UNI_R0_USER_RSP
	mov UNI_TSS_RSP0, %rsp
	cmp $UNI_SERVICE_HALT, %rax
	je halt
	cmp $UNI_SERVICE_FLUSH, %rax
	je flush
	cmp $UNI_SERVICE_SMP, %rax
	je smp
	cmp $UNI_SERVICE_PROTECT, %rax
	jne foreign
	push %rcx
	push %r11
	call uni_ring0_protect		/* (rdi, rsi, rdx) -> rax */
	pop %r11
	pop %rcx
	jmp back_to_user

/* Idle until an interrupt: sti's one-instruction shadow makes sti;hlt atomic, so an
 * interrupt that became pending before cannot be lost. The interrupt returns here
 * (trap.S), and ring 3 gets IF as it was at the syscall. */
halt:
	sti
	hlt
	cli
	jmp back_to_user

flush:
	mov %cr3, %rax
	mov %rax, %cr3
	jmp back_to_user

smp:
	push %rcx
	push %r11
	call uni_ring0_smp_prepare	/* (rdi, rsi) -> rax */
	pop %r11
	pop %rcx
	jmp back_to_user

/* Back to ring 3 after `syscall` at user rip - 2: a frame as if the user were interrupted. */
foreign:
	mov UNI_R0_USER_RSP, %r11
	sub $136, %r11			/* keep the interrupted code's red zone intact */
	mov %rcx, (%r11)		/* return address for uni_foreign_syscall's `ret $128` */
	mov %r11, UNI_R0_USER_RSP
	lea uni_foreign_syscall(%rip), %rcx
	mov $UNI_RFLAGS_USER, %r11d
back_to_user:
	pushq $UNI_SEL_UDATA
	pushq UNI_R0_USER_RSP
	push %r11
	pushq $UNI_SEL_UCODE
	push %rcx
	iretq
	.size uni_syscall_entry, . - uni_syscall_entry

/* Ring 3. The stack holds the return address, then the interrupted code's red zone.
 * Linux preserves every register but rax, rcx and r11 across a syscall, vector registers
 * included, so their state is saved with xsave around the C dispatcher. */
	.text
	.globl uni_foreign_syscall
	.hidden uni_foreign_syscall
	.type uni_foreign_syscall, @function
uni_foreign_syscall:
	push %rdi
	push %rsi
	push %rdx
	push %r8
	push %r9
	push %r10
	push %rbx
	push %rbp
	mov %rsp, %rbp
	sub $4096, %rsp
	and $-64, %rsp
	mov %rax, %rbx
	xor %eax, %eax			/* xrstor faults unless the header's reserved bytes are 0 */
	.irp off, 512, 520, 528, 536, 544, 552, 560, 568
	mov %rax, \off(%rsp)
	.endr
	mov uni_xsave_mask(%rip), %eax
	mov uni_xsave_mask+4(%rip), %edx
	xsave (%rsp)
	sub $8, %rsp
	push %r9			/* a6 */
	mov %r8, %r9			/* a5 */
	mov %r10, %r8			/* a4 */
	mov 40(%rbp), %rcx		/* a3 = rdx */
	mov 48(%rbp), %rdx		/* a2 = rsi */
	mov 56(%rbp), %rsi		/* a1 = rdi */
	mov %rbx, %rdi			/* n */
	call __uni_syscall
	add $16, %rsp
	mov %rax, %rbx
	mov uni_xsave_mask(%rip), %eax
	mov uni_xsave_mask+4(%rip), %edx
	xrstor (%rsp)
	mov %rbx, %rax
	mov %rbp, %rsp
	pop %rbp
	pop %rbx
	pop %r10
	pop %r9
	pop %r8
	pop %rdx
	pop %rsi
	pop %rdi
	ret $128
	.size uni_foreign_syscall, . - uni_foreign_syscall

	.section .note.GNU-stack, "", @progbits
