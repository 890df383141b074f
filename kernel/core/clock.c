/* Time from the TSC (PVH: its frequency comes from uni-run's uni.tsc_khz, measured on the
 * host, whose TSC the guest shares under KVM and TCG, or from CPUID leaves 0x15/0x16), or
 * from the platform's own clock (process: the host's). */
#include <cpuid.h>
#include "uni/console.h"
#include "uni/platform.h"
#include "uni/runtime.h"

static uint64_t khz, boot_wall_ns;
/* uni_clock_ns when the runtime started: the process platform's clock is the host's
 * CLOCK_MONOTONIC and a shared TSC (KVM on PVM hosts) the host's, both counting from the
 * host's boot, not the image's. */
static uint64_t start_ns;
static unsigned __int128 scale;   /* ns per tick << 32 */

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static uint64_t cpuid_khz(void)
{
	unsigned a, b, c, d;
	if (__get_cpuid(0x15, &a, &b, &c, &d) && a && b && c)
		return (uint64_t)c * b / a / 1000;
	if (__get_cpuid(0x16, &a, &b, &c, &d) && a)
		return (uint64_t)a * 1000;
	return 0;
}

void uni_clock_init(uint64_t tsc_khz, uint64_t wall_ns)
{
	if (uni_plat->clock_ns) {
		boot_wall_ns = uni_plat->wall_ns() - uni_plat->clock_ns();
		start_ns = uni_clock_ns();
		return;
	}
	khz = tsc_khz ? tsc_khz : cpuid_khz();
	if (!khz) {
		khz = 2000000;
		uni_log("TSC frequency unknown (no uni.tsc_khz, no CPUID 0x15/0x16): assuming 2 GHz");
	}
	scale = ((unsigned __int128)1000000 << 32) / khz;
	/* uni.wall is the host's clock when QEMU started, about when the TSC was 0. */
	boot_wall_ns = wall_ns;
	start_ns = uni_clock_ns();
}

uint64_t uni_clock_ns(void)
{
	if (uni_plat->clock_ns)
		return uni_plat->clock_ns();
	return (uint64_t)(((unsigned __int128)rdtsc() * scale) >> 32);
}

uint64_t uni_clock_since_start_ns(void)
{
	return uni_clock_ns() - start_ns;
}

uint64_t uni_clock_wall_ns(void)
{
	return boot_wall_ns + uni_clock_ns();
}

int uni_clock_set_wall_tsc(uint64_t wall_ns, uint64_t tsc)
{
	/* The host's TSC has passed tsc by at most QEMU's start-up; a TSC that restarted with
	 * the VM (TCG, most KVM hosts) is far below it. */
	uint64_t now = rdtsc();
	if (!tsc || now < tsc || now - tsc > 60 * 1000 * khz)
		return -1;
	boot_wall_ns = wall_ns - (uint64_t)(((unsigned __int128)tsc * scale) >> 32);
	return 0;
}

void uni_clock_set_wall_ns(uint64_t ns)
{
	boot_wall_ns = ns - uni_clock_ns();
}
