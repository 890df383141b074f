/* Ending the image with the program's exit status. */
#include "uni/cpu.h"
#include "uni/platform.h"
#include "uni/runtime.h"

_Noreturn void uni_exit(int status)
{
	uni_smp_stop_others();
	uni_plat->exit(status);
	__builtin_unreachable();
}
