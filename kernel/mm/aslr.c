/* Address-space layout randomization: the random offsets, drawn once per boot from the
 * runtime's random source, that move the main stack's top, the brk heap's start and the top of
 * the mmap area (and on the process platform the whole of guest RAM). An image linked with
 * uni-ld -z norandmaps gets 0 for each, so its layout is the same on every boot, as Linux's
 * norandmaps; so does a process-platform image that the host runs without randomization
 * (setarch -R, gdb). */
#include "uni/mm.h"
#include "uni/runtime.h"

extern const char uni_norandmaps[] __attribute__((weak));   /* uni-ld's, for -z norandmaps */

int uni_aslr_host_off;

int uni_aslr_on(void)
{
	return !uni_norandmaps && !uni_aslr_host_off;
}

uint64_t uni_aslr_offset(uint64_t span, uint64_t align)
{
	if (!uni_aslr_on() || span <= align)
		return 0;
	uint64_t r;
	uni_random_bytes(&r, sizeof r);
	return (r % (span / align)) * align;
}
