/* The wall clock at boot of a VM (the process platform reads the host's). uni-run passes its CLOCK_REALTIME with the TSC at the same instant
 * (uni.wall, uni.wall_tsc): exact when the guest reads the host's TSC. Otherwise the guest's
 * TSC started with the VM, some 50-300 ms after uni.wall was taken, so the runtime asks
 * uni-run: a "clock" control record, answered with the host's CLOCK_REALTIME on COM2's input,
 * taken as the host's time at the middle of the round trip (error at most half of it). */
#include "uni/abi.h"
#include "uni/console.h"
#include "uni/io.h"
#include "uni/runtime.h"
#include "uni/serial.h"

#define ANSWER_WAIT_NS 2000000000ull   /* uni-run answers within microseconds; QEMU's pace varies */
#define GOOD_ROUND_TRIP_NS 1000000ull  /* below this, one question is enough */
#define TRIES 3

/* One question: the round trip in ns (0: no answer), the host's clock and its middle. */
static uint64_t ask(uint64_t *wall, uint64_t *mid)
{
	static const char rec[] = UNI_RECORD_CLOCK;
	for (const char *p = rec; *p; p++)
		outb(UNI_PORT_CONTROL, (uint8_t)*p);
	uint64_t t0 = uni_clock_ns();
	outb(UNI_PORT_CONTROL, '\n');   /* uni-run acts on the end of the line */
	uint64_t v = 0;
	for (int i = 0; i < 8; i++) {
		int c;
		while ((c = uni_serial_getc(UNI_PORT_COM2)) < 0) {
			if (uni_clock_ns() - t0 > ANSWER_WAIT_NS)
				return 0;
			__builtin_ia32_pause();
		}
		v |= (uint64_t)c << (8 * i);
	}
	uint64_t t1 = uni_clock_ns();
	*wall = v;
	*mid = t0 + (t1 - t0) / 2;
	return t1 - t0 + 1;
}

void uni_wallclock_init(uint64_t wall_ns, uint64_t wall_tsc)
{
	/* Without uni.wall_tsc the host is an older uni-run (or another VMM) that does not answer. */
	if (!wall_tsc || !uni_clock_set_wall_tsc(wall_ns, wall_tsc))
		return;
	uni_serial_init(UNI_PORT_COM2);   /* the receive FIFO: the 8 bytes arrive at once */
	uint64_t best = 0, wall = 0, mid = 0;
	for (int i = 0; i < TRIES && (!best || best > GOOD_ROUND_TRIP_NS); i++) {
		uint64_t w, m, rt = ask(&w, &m);
		if (!rt)
			break;
		if (!best || rt < best)
			best = rt, wall = w, mid = m;
	}
	if (!best) {
		uni_log("clock: uni-run did not answer the clock record within 2 s; the wall clock "
			"lags by QEMU's start-up (run the image with this toolchain's uni-run)");
		return;
	}
	uni_clock_set_wall_ns(wall + (uni_clock_ns() - mid));
}
