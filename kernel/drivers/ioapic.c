/* The IOAPIC, programmed from ring 3 through its uncached MMIO page: a device's interrupt line
 * becomes UNI_VEC_DEVICE on CPU 0. Edge-triggered: a virtio device holds its line until the
 * driver acknowledges it, and the driver always acknowledges when it polls, so each new
 * event is a new edge. */
#include "uni/layout.h"
#include "uni/virtio.h"

#define IOREGSEL (*(volatile uint32_t *)(UNI_IOAPIC_BASE + 0x00))
#define IOWIN (*(volatile uint32_t *)(UNI_IOAPIC_BASE + 0x10))

static uint32_t rd(uint32_t reg)
{
	IOREGSEL = reg;
	return IOWIN;
}

static void wr(uint32_t reg, uint32_t v)
{
	IOREGSEL = reg;
	IOWIN = v;
}

void uni_ioapic_route(int gsi)
{
	uint32_t pins = ((rd(1) >> 16) & 0xff) + 1;   /* version register: last entry */
	if (gsi < 0 || (uint32_t)gsi >= pins)
		return;
	wr(0x11 + 2 * gsi, 0);                        /* destination: APIC ID 0 */
	wr(0x10 + 2 * gsi, UNI_VEC_DEVICE);           /* fixed, physical, high, edge, unmasked */
}
