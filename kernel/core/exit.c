/* Ending the image with the program's exit status. */
#include "uni/cpu.h"
#include "uni/platform.h"
#include "uni/runtime.h"
#include "uni/volume.h"

_Noreturn void uni_exit(int status)
{
	uni_smp_stop_others();
	/* What shared mappings of volume files changed reaches the host, as Linux writes back
	 * a dead process's dirty shared pages. */
	if (uni_vol_sync)
		uni_vol_sync(NULL, 1);
	uni_plat->exit(status);
	__builtin_unreachable();
}

/* What gcc's start files (crtbeginS.o, which a position-independent image links) call at exit
 * to run one shared object's destructors; musl has none, as a static program's run through
 * atexit. Defined here, each image has nothing for it to do, and ld needs no PLT entry for an
 * undefined one. */
void __cxa_finalize(void *dso)
{
	(void)dso;
}
