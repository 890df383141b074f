/* platform.c: the one place that knows which platforms exist. */
#include "uni.h"

#include <stdlib.h>
#include <string.h>

const char *uni_platform(const char *opt)
{
	static const char *const known[] = { "pvh", "linux" };
	const char *p = opt ? opt : getenv("UNI_PLATFORM");
	if (!p || !*p)
		return "pvh";
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (strcmp(p, known[i]) == 0)
			return known[i];
	uni_die("unknown platform '%s' (from %s); valid platforms: %s", p,
		opt ? "--uni-platform" : "UNI_PLATFORM", UNI_PLATFORMS);
}
