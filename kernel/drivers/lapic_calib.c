/* The LAPIC timer's rate, measured against the TSC clock (uni.tsc_khz from the host, which a
 * loaded host does not change). A vCPU thread that the host deschedules between reading the
 * timer count and the clock would skew one measurement by the time it lost (a 1 ms
 * measurement was off 3.5-4.3x in 2 of 12 loaded boots): each read of the count is
 * bracketed by clock reads and retried when the bracket is wide, and the median of several
 * short measurements is taken. TSC-deadline mode would avoid calibrating, but its MSR can
 * only be written in ring 0: a ring transition on every arm, ~50 us under PVM. */
#include "uni/layout.h"
#include "uni/runtime.h"
#include "uni/sched.h"

#define REG(off) (*(volatile uint32_t *)(UNI_LAPIC_BASE + (off)))
#define INIT_COUNT 0x380
#define CUR_COUNT 0x390
#define SAMPLES 5
#define WINDOW_NS 400000ull
#define BRACKET_NS 20000ull     /* a count read that took longer was interrupted */
#define RETRIES 100

/* The timer count and the clock at the moment it was read (the bracket's middle). */
static uint32_t read_count(uint64_t *at)
{
	uint64_t a, b;
	uint32_t c;
	int tries = 0;
	do {
		a = uni_clock_ns();
		c = REG(CUR_COUNT);
		b = uni_clock_ns();
	} while (b - a > BRACKET_NS && ++tries < RETRIES);
	*at = a + (b - a) / 2;
	return c;
}

uint64_t uni_lapic_calibrate(void)
{
	uint64_t hz[SAMPLES];
	for (int i = 0; i < SAMPLES; i++) {
		REG(INIT_COUNT) = 0xffffffff;
		uint64_t t0, t1;
		uint32_t c0 = read_count(&t0);
		while (uni_clock_ns() - t0 < WINDOW_NS)
			__builtin_ia32_pause();
		uint32_t c1 = read_count(&t1);
		hz[i] = (uint64_t)(c0 - c1) * 1000000000ull / (t1 - t0);
		for (int j = i; j > 0 && hz[j] < hz[j - 1]; j--) {   /* insertion sort */
			uint64_t x = hz[j];
			hz[j] = hz[j - 1];
			hz[j - 1] = x;
		}
	}
	REG(INIT_COUNT) = 0;
	return hz[SAMPLES / 2];
}
