/* fail.c: where a failed _FORTIFY_SOURCE check of uni's headers (kernel/fortify/include) ends. */
/* The message and the signal are glibc's (__chk_fail), so a report reads the same on every
 * platform: one line on stderr, then abort(), whose SIGABRT a program may still catch and which
 * otherwise ends it with 134. Linked into both platforms' libuni.a; the runtime itself is built
 * without fortify, so only program code calls this. */
#include <stdlib.h>
#include <unistd.h>

_Noreturn void __uni_fortify_fail(void)
{
	static const char message[] = "*** buffer overflow detected ***: terminated\n";
	(void)!write(2, message, sizeof message - 1);
	abort();
}
