/* Random bytes from RDRAND (RDSEED as fallback); without either, a TSC-seeded generator
 * with a warning, since nothing better exists inside the VM. */
#include <cpuid.h>
#include <string.h>
#include "uni/console.h"
#include "uni/runtime.h"

static int have_rdrand(void)
{
	unsigned a, b, c, d;
	return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_RDRND);
}

static uint64_t fallback(void)
{
	static uint64_t s;
	static int warned;
	if (!warned) {
		warned = 1;
		uni_log("the CPU has no RDRAND: random numbers are seeded from the TSC and are not secure");
	}
	if (!s)
		s = uni_clock_ns() | 1;
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

static uint64_t word(void)
{
	uint64_t v;
	unsigned char ok;
	for (int i = 0; i < 10; i++) {
		__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
		if (ok)
			return v;
	}
	return fallback();
}

void uni_random_bytes(void *buf, size_t len)
{
	static int rdrand = -1;
	if (rdrand < 0)
		rdrand = have_rdrand();
	unsigned char *p = buf;
	while (len) {
		uint64_t v = rdrand ? word() : fallback();
		size_t n = len < 8 ? len : 8;
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
}
