/* pkgconfig.c: uni-pkg-config: pkgconf on the sysroot's .pc files and the user's PKG_CONFIG_PATH
 * (never the host's), always answering for static linking, with the sysroot prefixed to the
 * sysroot's paths only. */
#include "tools.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* pkgconf prefixes PKG_CONFIG_SYSROOT_DIR to every absolute path of every .pc file, the user's
 * own too: -I/home/me/mylib/include would become <sysroot>/home/me/mylib/include. The sysroot's
 * packages live under /usr, so a prefixed path is kept when it is under <sysroot>/usr or exists
 * in the sysroot, and otherwise given back to the user as it was written. */
static void write_unprefixed(const char *out, size_t len, const char *sysroot)
{
	size_t n = strlen(sysroot);
	const char *p = out, *end = out + len;
	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), sysroot, n);
		if (!hit) {
			fwrite(p, 1, (size_t)(end - p), stdout);
			break;
		}
		const char *path = hit + n;
		size_t plen = strcspn(path, " \t\n");
		if (path + plen > end)
			plen = (size_t)(end - path);
		bool ours = plen == 0 || path[0] != '/' ||
			    (strncmp(path, "/usr", 4) == 0 && (plen == 4 || path[4] == '/'));
		struct stat st;
		if (!ours)
			ours = stat(uni_strf("%s%.*s", sysroot, (int)plen, path), &st) == 0;
		fwrite(p, 1, (size_t)((ours ? path : hit) - p), stdout);
		p = path;
	}
}

/* Runs pkgconf, else pkg-config, with stdout into a buffer; returns its exit status. */
static int run_capture(char **argv, char **out, size_t *len)
{
	int rc = uni_capture_status(argv, out, len);
	if (rc == 127) {
		argv[0] = "pkg-config";
		rc = uni_capture_status(argv, out, len);
		if (rc == 127)
			uni_die("pkg-config: cannot run pkgconf or pkg-config (fix: install "
				"pkgconf)");
	}
	return rc;
}

/* pkgconf --static ARGS: the user's PKG_CONFIG_PATH first, then the sysroot's folders; the
 * sysroot's paths get the sysroot prefix (PKG_CONFIG_SYSROOT_DIR) as in any cross pkg-config.
 * Images are static, so Libs.private and Requires.private are always included. */
void tools_pkg_config(char **argv)
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
	char *out = NULL;
	size_t len = 0;
	int rc = run_capture(args.v, &out, &len);
	write_unprefixed(out, len, s);
	fflush(stdout);
	exit(rc);
}
