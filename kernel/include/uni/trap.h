/* The record ring 0 fills when ring 3 faults, and the ring-3 code that reports it. */
#ifndef UNI_TRAP_H
#define UNI_TRAP_H

#include <stdint.h>

/* Field order is fixed: trap.S stores into it by offset (UNI_TRAP_* below). */
struct uni_trap_frame {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vector, error, rip, rflags, rsp, cr2;
};

extern struct uni_trap_frame uni_trap_frame;
/* Where trap.S saves the state a timer interrupt cut into (sched/irq.S reads it). */
extern struct uni_trap_frame uni_irq_frame;

/* The vector state at the fault (trap.S saves it with xsave before any C code runs). */
extern char uni_trap_xsave[];

/* Ring 3, on the trap stack: runs the program's handler for the signal if it has one,
 * else prints the crash report and ends the VM with 128+signal. */
_Noreturn void uni_crash_from_trap(const struct uni_trap_frame *f);

#endif
