/* The first ring-3 code under PVH: an image ring 0 moved (ring0_paging.c) relocates itself and
 * has ring 0 seal its RELRO, then the runtime starts, as the process platform's start does. */
#include <sys/mman.h>
#include "uni/boot.h"
#include "uni/service.h"

extern char __relro_start[], __relro_end[];
extern const char uni_norelro[] __attribute__((weak));   /* uni-ld's, for -z norelro */

_Noreturn void uni_pvh_user_start(void)
{
	uint64_t delta = uni_image_delta();
	uni_relocate(delta);
	if (delta && !uni_norelro)
		uni_service(UNI_SERVICE_PROTECT, (long)__relro_start, __relro_end - __relro_start, PROT_READ);
	uni_user_start();
}
