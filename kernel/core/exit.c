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
 * to run one shared object's destructors, which a static program has none of. musl defines it
 * (a no-op too) with atexit, which not every program links; this weak one serves the rest, so
 * that ld needs no PLT entry for an undefined one. */
__attribute__((weak)) void __cxa_finalize(void *dso)
{
	(void)dso;
}
