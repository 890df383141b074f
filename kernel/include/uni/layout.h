/* Fixed addresses and selectors shared by ring-0 assembly, ring-0 C and ring-3 C. */
#ifndef UNI_LAYOUT_H
#define UNI_LAYOUT_H

#define UNI_PAGE_SIZE 4096
#define UNI_NULL_GUARD 0x10000          /* [0, 64 KiB) is never accessible from ring 3 */

#define UNI_SEL_KCODE 0x08
#define UNI_SEL_KDATA 0x10
#define UNI_SEL_UDATA 0x1b              /* 0x18 | RPL 3 */
#define UNI_SEL_UCODE 0x23              /* 0x20 | RPL 3 */
#define UNI_SEL_KCODE32 0x28            /* 32-bit ring-0 code: other CPUs on their way up */
#define UNI_GDT_LIMIT (6 * 8 - 1)

#define UNI_RFLAGS_USER 0x3002          /* IOPL=3 so ring 3 drives the serial ports itself; IF=0 */

/* The task register QEMU leaves at PVH entry has base 0: on an event from ring 3 the CPU
 * loads RSP0 from linear address 4 (docs/HARDWARE.md). Page 0 is therefore mapped supervisor-only
 * and holds that pointer; ring 3 still faults on NULL. */
#define UNI_TSS_RSP0 4
/* Page 0 is per CPU (each CPU has its own top-level page table, ARCHITECTURE.md "SMP"), so
 * ring 0 keeps its per-CPU words there too, past the TSS fields: */
#define UNI_R0_CPU 0x100                /* this CPU's struct uni_cpu (ring-3 memory) */
#define UNI_R0_USER_RSP 0x108           /* the ring-3 rsp at a syscall-instruction entry */

#define UNI_MAX_CPUS 16

#define UNI_VEC_TIMER 32                /* LAPIC timer */
#define UNI_VEC_DEVICE 33               /* every device interrupt (IOAPIC, MSI-X): drivers poll their queues */
#define UNI_VEC_RESCHED 34              /* IPI: wake an idle CPU, or make a busy one reschedule */
#define UNI_VEC_TLB 35                  /* IPI: reload CR3 (ring 0 only) and acknowledge */
#define UNI_VEC_STOP 36                 /* IPI: halt for good (the VM is ending) */
#define UNI_VEC_SPURIOUS 255

#define UNI_LAPIC_BASE 0xfee00000       /* mapped user RW, uncached, at its physical address */
/* Device registers below the LAPIC, mapped the same way: PCI BARs that firmware places at the
 * top of the 32-bit hole, virtio-mmio slots (0xfeb00000), IOAPICs (0xfec00000), HPET. */
#define UNI_DEVICE_BASE 0xfe000000
#define UNI_IOAPIC_BASE 0xfec00000

#define UNI_XSAVE_SIZE 4096              /* room for x87, SSE, AVX and AVX-512 state */

/* Offsets in struct uni_cpu (uni/cpu.h) used by assembly; cpu.c checks them. */
#define UNI_CPU_SELF 0
#define UNI_CPU_CURRENT 8
#define UNI_CPU_CUR_XSAVE 16                /* the current thread's vector-state area */
#define UNI_CPU_PREEMPT_OFF 24
#define UNI_CPU_PREEMPT_PENDING 28
#define UNI_CPU_TRAP_STACK 32
#define UNI_CPU_IRQ_STACK 40
#define UNI_CPU_TLB_DONE 48
#define UNI_CPU_TRAP_XSAVE 56
#define UNI_CPU_TRAP_FRAME 64
#define UNI_CPU_IRQ_FRAME (64 + 21 * 8)
#define UNI_CPU_IDLE_STACK (64 + 42 * 8)  /* the stack a CPU idles on */
#define UNI_CPU_RESUME_IRET (64 + 43 * 8) /* iretq's five words when a frame is resumed */
#define UNI_CPU_HOLDS (64 + 48 * 8)       /* whether this CPU holds the big lock (UNI_HOLDS_BIG) */
#define UNI_HOLDS_BIG 1
#define UNI_CPU_HANDOFF (64 + 49 * 8)     /* the word that says a thread this CPU left is still on it */
#define UNI_CPU_SIZE 2048

/* Offset of 'resume' in struct uni_platform (uni/platform.h), for sched/switch.S. */
#define UNI_PLATFORM_RESUME 8

#define UNI_AP_TRAMPOLINE 0x8000        /* real-mode start page of the other CPUs (SIPI vector 8) */
#define UNI_AP_BLOCK_SIZE (5 * 4096)    /* ring-0 memory per CPU but the first (ring0_smp.c) */

#define UNI_RING0_STACK_SIZE 16384
#define UNI_TRAP_STACK_SIZE 65536

#endif
