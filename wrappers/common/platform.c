/* platform.c: check a platform name against the list compiled in from toolchains/target.txt. */
#include "uni.h"

#include <stdlib.h>
#include <string.h>

const char *uni_platform(const char *opt)
{
	const char *p = opt ? opt : getenv("UNI_PLATFORM");
	if (!p || !*p)
		return uni_strf("%.*s", (int)strcspn(UNI_PLATFORMS, " "), UNI_PLATFORMS);
	size_t n = strlen(p);
	for (const char *k = UNI_PLATFORMS; *k; k += strspn(k, " ")) {
		size_t len = strcspn(k, " ");
		if (len == n && strncmp(k, p, n) == 0)
			return p;
		k += len;
	}
	uni_die("platform: unknown platform '%s' (from %s) (fix: use one of %s)", p,
		opt ? "--uni-platform" : "UNI_PLATFORM", UNI_PLATFORMS);
}
