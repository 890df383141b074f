/* The local APIC's one-shot timer and EOI, driven from ring 3 through its uncached MMIO
 * page (mapped by ring 0 at boot): arming the timer costs one MMIO write, no ring 0. */
#include "uni/console.h"
#include "uni/layout.h"
#include "uni/runtime.h"
#include "uni/sched.h"

#define REG(off) (*(volatile uint32_t *)(UNI_LAPIC_BASE + (off)))
#define EOI 0xb0
#define SVR 0xf0
#define LVT_TIMER 0x320
#define INIT_COUNT 0x380
#define CUR_COUNT 0x390
#define DIVIDE 0x3e0
/* A countdown ends late by a share of its length: the rate's calibration error (up to
 * ~150 ppm measured under TCG) and, under TCG, QEMU's wait for it in its main loop's ppoll,
 * whose timeout Linux lets run over by 0.1 % (0.5 % for a niced process: select's slack), so
 * 1 s sleeps ended 1-3 ms late. A countdown longer than SPLIT_NS is therefore cut short by
 * 1/128 of it (0.8 %, more than both): it fires before the deadline, the scheduler finds
 * nothing due and arms again for the rest, a countdown whose share is a few us. Each step is
 * 128 times shorter than the last, so even a 10 s sleep takes only 3 interrupts. */
#define SPLIT_NS 16000000ull
#define SPLIT_SHARE 128

static uint64_t hz;   /* timer ticks per second, measured against the TSC (same on every CPU) */

void uni_lapic_init_cpu(void)
{
	REG(SVR) = 0x100 | UNI_VEC_SPURIOUS;   /* software enable */
	REG(DIVIDE) = 0xb;                     /* divide by 1 */
	REG(LVT_TIMER) = UNI_VEC_TIMER;        /* one-shot, unmasked */
}

int uni_lapic_id(void)
{
	return (int)(REG(0x20) >> 24);
}

uint64_t uni_lapic_calibrate(void);   /* drivers/lapic_calib.c */

static void lapic_init(void)
{
	uni_lapic_init_cpu();
	hz = uni_lapic_calibrate();
	if (!hz)
		hz = 1000000000;
}

void uni_lapic_arm(uint64_t deadline)
{
	if (!hz)
		lapic_init();
	if (!deadline) {
		REG(INIT_COUNT) = 0;
		return;
	}
	uint64_t now = uni_clock_ns(), delta = deadline > now ? deadline - now : 1000;
	if (delta > SPLIT_NS)
		delta -= delta / SPLIT_SHARE;
	unsigned __int128 ticks = (unsigned __int128)delta * hz / 1000000000ull;
	REG(INIT_COUNT) = ticks < 1 ? 1 : ticks > 0xffffffffu ? 0xffffffffu : (uint32_t)ticks;
}

void uni_lapic_eoi(void)
{
	REG(EOI) = 0;
}
