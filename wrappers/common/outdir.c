/* outdir.c: locate out/ and its sysroot from /proc/self/exe, so out/ can be moved anywhere. */
#include "uni.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *uni_out_dir(void)
{
	static char *out;
	if (out)
		return out;
	/* realpath resolves the x86_64-uni-linux-musl-* and libexec/uni/ld symlinks to bin/uni-*. */
	out = realpath("/proc/self/exe", NULL);
	if (!out)
		uni_die("out dir: cannot resolve /proc/self/exe (fix: mount /proc)");
	for (int i = 0; i < 2; i++) {
		char *slash = strrchr(out, '/');
		if (!slash || slash == out)
			uni_die("out dir: %s is not inside an out/bin directory (fix: run the "
				"driver from the out/bin that ./build.sh made)", out);
		*slash = '\0';
	}
	return out;
}

char *uni_realpath(const char *path)
{
	char buf[PATH_MAX];
	return realpath(path, buf) ? uni_xstrdup(buf) : NULL;
}

const char *uni_sysroot(void)
{
	static char *s;
	if (!s)
		s = uni_strf("%s/sysroot", uni_out_dir());
	return s;
}

void uni_require_sysroot(void)
{
	struct stat st;
	char *inc = uni_strf("%s/usr/include", uni_sysroot());
	if (stat(inc, &st) != 0 || !S_ISDIR(st.st_mode))
		uni_die("sysroot: %s is missing or incomplete, no usr/include (fix: build it with "
			"./build.sh)",
			uni_sysroot());
	free(inc);
}
