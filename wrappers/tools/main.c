/* main.c: uni-ar, uni-ranlib, uni-nm, uni-strip, uni-objcopy, uni-pkg-config: run the host tool,
 * chosen by the name we are called by; pkg-config sees the user's PKG_CONFIG_PATH and the
 * sysroot's .pc files, never the host's, and answers for static linking. */
#include "../common/uni.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const binutils[] = { "ar", "ranlib", "nm", "strip", "objcopy" };

/* The host's own .pc folders (pkgconf's default search path and its usual relatives): a
 * PKG_CONFIG_PATH entry naming one would hand host libraries to a uni link. */
static const char *const host_pc_dirs[] = {
	"/usr/lib/pkgconfig", "/usr/lib/*/pkgconfig", "/usr/lib64/pkgconfig", "/usr/share/pkgconfig",
	"/usr/local/lib/pkgconfig", "/usr/local/lib/*/pkgconfig", "/usr/local/share/pkgconfig",
	"/lib/pkgconfig", "/lib/*/pkgconfig", "/lib64/pkgconfig",
};

static bool host_pc_dir(const char *dir)
{
	char *real = uni_realpath(dir);
	const char *d = real ? real : dir;
	for (size_t i = 0; i < sizeof host_pc_dirs / sizeof *host_pc_dirs; i++)
		if (fnmatch(host_pc_dirs[i], d, FNM_PATHNAME) == 0)
			return true;
	return false;
}

/* The user's PKG_CONFIG_PATH without the host's .pc folders, each dropped one named on stderr. */
static char *user_pc_path(void)
{
	const char *env = getenv("PKG_CONFIG_PATH");
	if (!env || !*env)
		return NULL;
	char *copy = uni_xstrdup(env), *keep = uni_xstrdup(""), *save = NULL;
	for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		if (host_pc_dir(d)) {
			uni_warn("ignoring %s in PKG_CONFIG_PATH: its .pc files describe host libraries, "
				 "which a uni program cannot link (fix: remove it from PKG_CONFIG_PATH)", d);
			continue;
		}
		keep = *keep ? uni_strf("%s:%s", keep, d) : uni_xstrdup(d);
	}
	return *keep ? keep : NULL;
}

/* pkgconf (or pkg-config) --static ARGS: the user's PKG_CONFIG_PATH first, then the sysroot's
 * folders; paths from .pc files get the sysroot prefix (PKG_CONFIG_SYSROOT_DIR) as in any cross
 * pkg-config. Images are static, so Libs.private and Requires.private are always included. */
static void pkg_config(char **argv)
{
	const char *s = uni_sysroot();
	char *user = user_pc_path();
	struct strv args = { 0 };
	setenv("PKG_CONFIG_SYSROOT_DIR", s, 1);
	setenv("PKG_CONFIG_LIBDIR", uni_strf("%s/usr/lib/pkgconfig:%s/usr/share/pkgconfig", s, s), 1);
	if (user)
		setenv("PKG_CONFIG_PATH", user, 1);
	else
		unsetenv("PKG_CONFIG_PATH");
	strv_push(&args, "pkgconf");
	strv_push(&args, "--static");
	for (char **a = argv + 1; *a; a++)
		strv_push(&args, *a);
	execvp(args.v[0], args.v);
	args.v[0] = "pkg-config";
	execvp(args.v[0], args.v);
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
