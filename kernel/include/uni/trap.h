/* The record ring 0 fills when ring 3 faults, and the ring-3 code that reports it. */
#ifndef UNI_TRAP_H
#define UNI_TRAP_H

#include <stdint.h>

/* Field order is fixed: trap.S stores into it by offset (UNI_TRAP_* below). */
struct uni_trap_frame {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vector, error, rip, rflags, rsp, cr2;
};

/* Each CPU's struct uni_cpu (uni/cpu.h) holds the frames trap.S fills: trap_frame for a
 * fault, irq_frame for the state an interrupt cut into (sched/irq.S reads it), and trap_xsave,
 * the vector state at a fault (saved with xsave before any C code runs). */

/* Ring 3, on the trap stack: runs the program's handler for the signal if it has one,
 * else prints the crash report and ends the VM with 128+signal. */
_Noreturn void uni_crash_from_trap(const struct uni_trap_frame *f);

#endif
