/* cpuloop: deterministic integer and floating-point work (~1 s natively by default); prints a
 * checksum that depends on every iteration, so the compiler cannot drop the loop. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 400000000ULL;
	uint64_t x = 0x9e3779b97f4a7c15ULL, sum = 0;
	double acc = 0.0;
	uint64_t i;

	for (i = 0; i < n; i++) {
		/* xorshift64 step, then mix into an integer and a floating-point accumulator */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		sum += x * 0x2545f4914f6cdd1dULL;
		if ((i & 1023) == 0)
			acc = acc * 0.5 + (double)(x >> 11) * 0x1.0p-53;
	}
	printf("cpuloop n=%llu checksum=%016llx acc=%.6f\n", (unsigned long long)n,
	       (unsigned long long)sum, acc);
	return 0;
}
