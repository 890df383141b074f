/* main.c: uni-ar, uni-ranlib, uni-nm, uni-strip, uni-objcopy, uni-pkg-config: run the host tool,
 * chosen by the name we are called by; pkg-config is pointed at the sysroot's .pc files only. */
#include "../common/uni.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const binutils[] = { "ar", "ranlib", "nm", "strip", "objcopy" };

static void pkg_config(char **argv)
{
	const char *s = uni_sysroot();
	/* Paths from .pc files get the sysroot prefix; only the sysroot's .pc files are seen. */
	setenv("PKG_CONFIG_SYSROOT_DIR", s, 1);
	setenv("PKG_CONFIG_LIBDIR", uni_strf("%s/usr/lib/pkgconfig:%s/usr/share/pkgconfig", s, s), 1);
	unsetenv("PKG_CONFIG_PATH");
	argv[0] = "pkgconf";
	execvp(argv[0], argv);
	argv[0] = "pkg-config";
	execvp(argv[0], argv);
	uni_die("cannot run pkgconf or pkg-config: %s (install pkgconf)", strerror(errno));
}

int main(int argc, char **argv)
{
	(void)argc;
	uni_init(argv[0], NULL);
	const char *name = uni_basename(argv[0]);
	/* Called as uni-TOOL or x86_64-uni-linux-musl-TOOL. */
	if (strncmp(name, "uni-", 4) == 0)
		name += 4;
	else if (strncmp(name, UNI_TRIPLE "-", strlen(UNI_TRIPLE) + 1) == 0)
		name += strlen(UNI_TRIPLE) + 1;
	if (strcmp(name, "pkg-config") == 0)
		pkg_config(argv);
	for (size_t i = 0; i < sizeof binutils / sizeof *binutils; i++) {
		if (strcmp(name, binutils[i]) == 0) {
			argv[0] = (char *)binutils[i];
			uni_exec(argv);
		}
	}
	uni_die("called as '%s'; install me as uni-{ar,ranlib,nm,strip,objcopy,pkg-config}", argv[0]);
}
