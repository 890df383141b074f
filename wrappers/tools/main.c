/* main.c: uni-ar, uni-ranlib, uni-nm, uni-strip, uni-objcopy, uni-pkg-config: run the host tool,
 * chosen by the name we are called by (pkg-config: pkgconfig.c). */
#include "tools.h"

#include <string.h>

static const char *const binutils[] = { "ar", "ranlib", "nm", "strip", "objcopy" };

int main(int argc, char **argv)
{
	(void)argc;
	uni_init(argv[0], NULL, 1);
	const char *name = uni_basename(argv[0]);
	/* Called as uni-TOOL or x86_64-uni-linux-musl-TOOL. */
	if (strncmp(name, "uni-", 4) == 0)
		name += 4;
	else if (strncmp(name, UNI_TRIPLE "-", strlen(UNI_TRIPLE) + 1) == 0)
		name += strlen(UNI_TRIPLE) + 1;
	if (strcmp(name, "pkg-config") == 0)
		tools_pkg_config(argv);
	for (size_t i = 0; i < sizeof binutils / sizeof *binutils; i++) {
		if (strcmp(name, binutils[i]) == 0) {
			argv[0] = (char *)binutils[i];
			uni_exec(argv);
		}
	}
	uni_die("install: called as '%s' (fix: install it as "
		"uni-{ar,ranlib,nm,strip,objcopy,pkg-config})", argv[0]);
}
