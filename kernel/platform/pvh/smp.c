/* Starting the other CPUs of a VM from ring 3: ring 0 gets their page tables and stacks (the
 * SMP service), then INIT and start-up IPIs go out through the local APIC's command register
 * (mapped for ring 3). See docs/ARCHITECTURE.md, "SMP". */
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/runtime.h"
#include "uni/service.h"
#include "pvh.h"

#define REG(off) (*(volatile uint32_t *)(UNI_LAPIC_BASE + (off)))
#define ICR_LO 0x300
#define ICR_HI 0x310
#define ICR_PENDING (1u << 12)
#define ICR_ASSERT (1u << 14)
#define ICR_ALL_BUT_SELF (3u << 18)
#define ICR_INIT (5u << 8)
#define ICR_STARTUP (6u << 8)

static void icr(uint32_t hi, uint32_t lo)
{
	for (int i = 0; i < 1000 && (REG(ICR_LO) & ICR_PENDING); i++)
		__builtin_ia32_pause();
	REG(ICR_HI) = hi;
	REG(ICR_LO) = lo;
}

void uni_pvh_ipi(int apic_id, int vector)
{
	if (apic_id < 0)
		icr(0, ICR_ALL_BUT_SELF | ICR_ASSERT | (uint32_t)vector);
	else
		icr((uint32_t)apic_id << 24, ICR_ASSERT | (uint32_t)vector);
}

static int all_online(int n)
{
	for (int i = 1; i < n; i++)
		if (!__atomic_load_n(&uni_cpu_aps[i - 1].online, __ATOMIC_SEQ_CST))
			return 0;
	return 1;
}

int uni_pvh_start_cpus(int n)
{
	/* Ring-0 memory for the others: their tables on the path to page 0 and ring-0 stacks. */
	void *r0 = uni_mm_alloc((size_t)(n - 1) * UNI_AP_BLOCK_SIZE);
	long r = r0 ? uni_service(UNI_SERVICE_SMP, (long)r0, n - 1, 0) : -1;
	if (r) {
		uni_log("cannot prepare the other CPUs (%ld)", r);
		return -1;
	}
	/* Every other CPU at once: they number themselves in ring 0 in arrival order. */
	icr(0, ICR_ALL_BUT_SELF | ICR_ASSERT | ICR_INIT);
	icr(0, ICR_ALL_BUT_SELF | ICR_ASSERT | ICR_STARTUP | (UNI_AP_TRAMPOLINE >> 12));
	uint64_t t0 = uni_clock_ns();
	while (!all_online(n) && uni_clock_ns() - t0 < 10000000ull)
		__builtin_ia32_pause();
	if (!all_online(n))   /* the second start-up IPI of the usual sequence */
		icr(0, ICR_ALL_BUT_SELF | ICR_ASSERT | ICR_STARTUP | (UNI_AP_TRAMPOLINE >> 12));
	return 0;
}
