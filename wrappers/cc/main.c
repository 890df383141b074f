/* main.c: uni-cc and uni-c++, gcc/g++-compatible drivers: classify the call, add the target's flags, exec the backend. */
#include "cc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What classify fills: the driver's call, and the platform asked for with --uni-platform=. */
struct classified {
	struct cc *c;
	const char *platform_opt;
};

/* The table's entry for option a, and its value: glued on (-Idir, -Wl,x) or the next argument. */
static const void *find_opt(const char *a, struct uni_opt_use *u)
{
	const struct opt *o = cc_lookup(a);
	if (o) {
		u->value = o->arg == ARG_JOINED || o->arg == ARG_EITHER ? a + strlen(o->name) : NULL;
		u->separate = o->arg == ARG_SEP || (o->arg == ARG_EITHER && !*u->value);
	}
	return o;
}

/* An option of the table: what it sets; whether it goes on to the backend. */
static bool take_opt(const void *entry, const struct uni_opt_use *u, void *ctx)
{
	const struct opt *o = entry;
	struct classified *w = ctx;
	struct cc *c = w->c;
	switch (o->cls) {
	case C_PLATFORM:
		w->platform_opt = u->value;
		return false;
	case C_BACKEND:
		c->backend = u->value;
		return false;
	case C_REFUSE:
		uni_die("%s", o->why);
	case C_DROP:
		uni_warn("%s", o->why);
		return false;
	case C_PROBE:
		if (!c->probe) {
			c->probe = o;
			c->probe_value = u->value;
		}
		return false;
	case C_NOSTDLIBXX:
		c->nostdlibxx = true;
		return false;
	case C_NOLINK:
		c->nolink = true;
		break;
	case C_LINKIN:
		c->inputs++;
		break;
	case C_NOSTDINC:
		c->nostdinc = true;
		break;
	case C_NOSTDINCXX:
		c->nostdincxx = true;
		break;
	case C_NOSTDLIB:
		c->nostartfiles = c->nodefaultlibs = true;
		break;
	case C_NOSTARTFILES:
		c->nostartfiles = true;
		break;
	case C_NODEFAULTLIBS:
		c->nodefaultlibs = true;
		break;
	case C_SANITIZE:
		cc_sanitize(c, u->value);
		break;
	case C_PIE:
	case C_NOPIE:
		c->nopie = o->cls == C_NOPIE;
		return false;
	case C_VERBOSE:
		c->verbose = true;
		break;
	case C_PASS:
		break;
	}
	return true;
}

/* Walks the (expanded) arguments once, filling c from the option table. */
static void classify(struct cc *c, int argc, char **argv, const char **platform_opt)
{
	struct classified w = { c, *platform_opt };
	uni_walk_args(argc, argv, &c->args, &c->inputs, find_opt, take_opt, &w);
	*platform_opt = w.platform_opt;
}

/* The backend's own header directory (stdatomic.h, intrinsics, unwind.h), asked from the backend. */
static char *backend_include(const struct cc *c)
{
	return cc_ask(c, "-print-file-name=include");
}

/* C++ mode: uni-c++, or a triple name ending in -g++ or -c++. */
static bool cxx_name(const char *argv0)
{
	const char *b = uni_basename(argv0);
	size_t n = strlen(b);
	return strcmp(b, "uni-c++") == 0 ||
	       (n > 4 && (strcmp(b + n - 4, "-g++") == 0 || strcmp(b + n - 4, "-c++") == 0));
}

#define CXX_FIX "the C++ runtime (libstdc++ built for musl) is not installed in the sysroot " \
	"(fix: run ./build.sh packages libstdcxx)"

/* The sysroot's libstdc++ headers for the backend's major version: the library itself, its
 * target dir (c++config.h) and backward/, searched before musl's headers as g++ does. */
static void push_cxx_includes(const struct cc *c, struct strv *cmd)
{
	char *dir = uni_strf("%s/usr/include/c++/%s", uni_sysroot(), cc_ask(c, "-dumpversion"));
	if (access(uni_strf("%s/%s/bits/c++config.h", dir, UNI_TRIPLE), R_OK) != 0)
		uni_die("C++: cannot compile C++: %s/%s/bits/c++config.h is missing: " CXX_FIX, dir, UNI_TRIPLE);
	strv_push(cmd, "-isystem");
	strv_push(cmd, dir);
	strv_push(cmd, "-isystem");
	strv_pushf(cmd, "%s/%s", dir, UNI_TRIPLE);
	strv_push(cmd, "-isystem");
	strv_pushf(cmd, "%s/backward", dir);
}

/* The system header dirs, in gcc's order: C++ runtime, C library, the backend's own. */
static void push_includes(const struct cc *c, struct strv *cmd)
{
	strv_push(cmd, "-nostdinc");
	if (c->cxx && !c->nostdincxx && c->inputs > 0)
		push_cxx_includes(c, cmd);
	/* Before musl's: each header there includes musl's and adds fortify's checks. */
	strv_push(cmd, "-isystem");
	strv_pushf(cmd, "%s/usr/lib/uni/fortify/include", uni_sysroot());
	strv_push(cmd, "-isystem");
	strv_pushf(cmd, "%s/usr/include", uni_sysroot());
	strv_push(cmd, "-isystem");
	strv_push(cmd, backend_include(c));
}

/* Whether the user's flags name the macro (-DM, -D M, -UM, -Wp,-DM=1 ...): then its default is
 * left out, so that gcc neither warns that it is redefined nor overrides an -U. */
static bool mentions_macro(const struct strv *args, const char *macro)
{
	for (size_t i = 0; i < args->n; i++)
		if (strstr(args->v[i], macro))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	struct cc c = { 0 };
	c.cxx = cxx_name(argv[0]);
	uni_init(argv[0], c.cxx ? "uni-c++" : "uni-cc", 1);
	uni_follow_out();
	const char *platform_opt = NULL;
	struct strv expanded = { 0 };

	c.backend = getenv(c.cxx ? "UNI_CXX_BACKEND" : "UNI_CC_BACKEND");
	if (!c.backend || !*c.backend)
		c.backend = c.cxx ? "g++" : "gcc";
	/* @files are expanded so their options are classified too; the backend gets the expansion. */
	uni_expand_rsp(argc - 1, argv + 1, &expanded);
	classify(&c, (int)expanded.n, expanded.v, &platform_opt);
	c.clang = strstr(uni_basename(c.backend), "clang") != NULL;
	c.platform = uni_platform(platform_opt);

	if (c.probe)
		return cc_probe(&c);
	if (c.inputs == 0 && !c.verbose)
		uni_die("options: no input files (fix: name the sources or objects to compile)");
	uni_require_sysroot();

	const char *s = uni_sysroot();
	bool link = !c.nolink && c.inputs > 0;
	struct strv cmd = { 0 };
	strv_push(&cmd, c.backend);
	strv_pushf(&cmd, "--sysroot=%s", s);
	strv_push(&cmd, "-D__uni__");
	/* Crash backtraces walk frame pointers; placed first so a user -fomit-frame-pointer wins. */
	strv_push(&cmd, "-fno-omit-frame-pointer");
	/* Hardening on by default, as Debian's build flags; first, so -fno-stack-protector and
	 * -fno-stack-clash-protection turn it off (docs/SECURITY.md). */
	strv_push(&cmd, "-fstack-protector-strong");
	strv_push(&cmd, "-fstack-clash-protection");
	/* Level 2 as Debian's; the checks live in the sysroot's fortify headers, added below. */
	if (!mentions_macro(&c.args, "_FORTIFY_SOURCE"))
		strv_push(&cmd, "-D_FORTIFY_SOURCE=2");
	strv_append(&cmd, &c.args);
	if (c.ubsan)
		cc_push_ubsan_trap(&c, &cmd);
	/* After the user's flags, so the user's own -isystem dirs are searched before the sysroot. */
	if (!c.nostdinc)
		push_includes(&c, &cmd);
	if (link) {
		/* gcc's collect2 and clang both look for "ld" in -B dirs first: that is uni-ld. */
		strv_pushf(&cmd, "-B%s/libexec/uni/", uni_out_dir());
		strv_push(&cmd, "-nostdlib");
		strv_push(&cmd, "-static");
		/* clang warns that -no-pie is unused with -static; gcc needs it to not pass -pie. */
		if (!c.clang)
			strv_push(&cmd, "-no-pie");
		strv_pushf(&cmd, "-Wl,--uni-platform=%s", c.platform);
		if (c.nostartfiles)
			strv_push(&cmd, "-Wl,--uni-nostartfiles");
		if (c.nodefaultlibs)
			strv_push(&cmd, "-Wl,--uni-nodefaultlibs");
		/* An image is position-independent unless asked not to be (uni-ld links it so:
		 * gcc's own -pie would ask for a dynamic loader). */
		if (c.nopie)
			strv_push(&cmd, "-Wl,--uni-no-pie");
		/* -nostdlib keeps g++ from adding its libraries: the C++ runtime is the sysroot's.
		 * It needs libm; uni-ld adds libc, libgcc and libgcc_eh (the unwinder) after it. */
		if (c.cxx && !c.nodefaultlibs && !c.nostdlibxx) {
			if (access(uni_strf("%s/usr/lib/libstdc++.a", s), R_OK) != 0)
				uni_die("C++: cannot link C++: %s/usr/lib/libstdc++.a is missing: " CXX_FIX, s);
			strv_push(&cmd, "-lstdc++");
			strv_push(&cmd, "-lm");
		}
	}
	if (c.verbose)
		fprintf(stderr, "%s (uni %s): target %s, platform %s, sysroot %s, backend %s\n",
			uni_prog, UNI_VERSION, UNI_TRIPLE, c.platform, s, c.backend);
	uni_exec(cmd.v);
}
