/* Ring 0: the interrupt descriptor table. Every exception vector enters a stub in trap.S,
 * which hands faults from ring 3 back to ring 3 (see trap.S). */
#include "ring0.h"
#include "uni/layout.h"

struct gate {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, zero;
};

static struct gate idt[256] __attribute__((aligned(16), section(".uni.ring0")));

static void gate(int v, uint64_t a, uint8_t type)
{
	idt[v] = (struct gate){ (uint16_t)a, UNI_SEL_KCODE, 0, type, (uint16_t)(a >> 16), (uint32_t)(a >> 32), 0 };
}

void uni_ring0_idt(void)
{
	/* Interrupt gates (IF off on entry); int3 and into may be raised by ring 3 (DPL 3). */
	for (int v = 0; v < 32; v++)
		gate(v, (uint64_t)uni_trap_stubs + 16 * v, (v == 3 || v == 4) ? 0xee : 0x8e);
	gate(UNI_VEC_TIMER, (uint64_t)uni_irq_stubs, 0x8e);
	gate(UNI_VEC_RESCHED, (uint64_t)uni_irq_stubs + 16, 0x8e);
	gate(UNI_VEC_TLB, (uint64_t)uni_irq_stubs + 32, 0x8e);
	gate(UNI_VEC_STOP, (uint64_t)uni_irq_stubs + 48, 0x8e);
	gate(UNI_VEC_SPURIOUS, (uint64_t)uni_irq_stubs + 64, 0x8e);
	gate(UNI_VEC_DEVICE, (uint64_t)uni_irq_stubs + 80, 0x8e);
	uni_ring0_idt_load();
}

void uni_ring0_idt_load(void)
{
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } d = { sizeof idt - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" : : "m"(d));
}
