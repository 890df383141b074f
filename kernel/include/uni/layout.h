/* Fixed addresses and selectors shared by ring-0 assembly, ring-0 C and ring-3 C. */
#ifndef UNI_LAYOUT_H
#define UNI_LAYOUT_H

#define UNI_PAGE_SIZE 4096
#define UNI_NULL_GUARD 0x10000          /* [0, 64 KiB) is never accessible from ring 3 */

#define UNI_SEL_KCODE 0x08
#define UNI_SEL_KDATA 0x10
#define UNI_SEL_UDATA 0x1b              /* 0x18 | RPL 3 */
#define UNI_SEL_UCODE 0x23              /* 0x20 | RPL 3 */

#define UNI_RFLAGS_USER 0x3002          /* IOPL=3 so ring 3 drives the serial ports itself; IF=0 */

/* The task register QEMU leaves at PVH entry has base 0: on an event from ring 3 the CPU
 * loads RSP0 from linear address 4 (FACTS.md). Page 0 is therefore mapped supervisor-only
 * and holds that pointer; ring 3 still faults on NULL. */
#define UNI_TSS_RSP0 4

#define UNI_VEC_TIMER 32                /* LAPIC timer */
#define UNI_VEC_DEVICE 33               /* every device interrupt (IOAPIC, MSI-X): drivers poll their queues */
#define UNI_VEC_SPURIOUS 255

#define UNI_LAPIC_BASE 0xfee00000       /* mapped user RW, uncached, at its physical address */
/* Device registers below the LAPIC, mapped the same way: PCI BARs that firmware places at the
 * top of the 32-bit hole, virtio-mmio slots (0xfeb00000), IOAPICs (0xfec00000), HPET. */
#define UNI_DEVICE_BASE 0xfe000000
#define UNI_IOAPIC_BASE 0xfec00000

#define UNI_XSAVE_SIZE 4096              /* room for x87, SSE, AVX and AVX-512 state */

#define UNI_RING0_STACK_SIZE 16384
#define UNI_TRAP_STACK_SIZE 65536

#endif
