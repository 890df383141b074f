/* main.c: uni-cc, a gcc-compatible driver: classify the call, add the target's flags, exec the backend. */
#include "cc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Walks the (expanded) arguments once, filling c from the option table. */
static void classify(struct cc *c, int argc, char **argv, const char **platform_opt)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || a[1] == '\0') {
			c->inputs++;
			strv_push(&c->args, a);
			continue;
		}
		const struct opt *o = cc_lookup(a);
		if (!o) {
			strv_push(&c->args, a);
			continue;
		}
		const char *value = o->arg == ARG_JOINED || o->arg == ARG_EITHER ? a + strlen(o->name) : NULL;
		bool separate = o->arg == ARG_SEP || (o->arg == ARG_EITHER && !*value);
		if (separate) {
			if (i + 1 >= argc)
				uni_die("missing argument to '%s'", a);
			value = argv[i + 1];
		}
		switch (o->cls) {
		case C_PLATFORM:
			*platform_opt = value;
			continue;
		case C_BACKEND:
			c->backend = value;
			continue;
		case C_REFUSE:
			uni_die("%s", o->why);
		case C_DROP:
			uni_warn("%s", o->why);
			continue;
		case C_PROBE:
			if (!c->probe) {
				c->probe = o;
				c->probe_value = value;
			}
			continue;
		case C_NOLINK:
			c->nolink = true;
			break;
		case C_LINKIN:
			c->inputs++;
			break;
		case C_NOSTDINC:
			c->nostdinc = true;
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
		case C_VERBOSE:
			c->verbose = true;
			break;
		case C_PASS:
			break;
		}
		strv_push(&c->args, a);
		if (separate)
			strv_push(&c->args, argv[++i]);
	}
}

/* The backend's own header directory (stdatomic.h, intrinsics), asked from the backend. */
static char *backend_include(const struct cc *c)
{
	char *argv[] = { (char *)c->backend, "-print-file-name=include", NULL };
	return uni_capture(argv);
}

int main(int argc, char **argv)
{
	uni_init(argv[0], "uni-cc");
	struct cc c = { 0 };
	const char *platform_opt = NULL;
	struct strv expanded = { 0 };

	c.backend = getenv("UNI_CC_BACKEND");
	if (!c.backend || !*c.backend)
		c.backend = "gcc";
	/* @files are expanded so their options are classified too; the backend gets the expansion. */
	uni_expand_rsp(argc - 1, argv + 1, &expanded);
	classify(&c, (int)expanded.n, expanded.v, &platform_opt);
	c.clang = strstr(uni_basename(c.backend), "clang") != NULL;
	c.platform = uni_platform(platform_opt);

	if (c.probe)
		return cc_probe(&c);
	if (c.inputs == 0 && !c.verbose)
		uni_die("no input files");
	uni_require_sysroot();

	const char *s = uni_sysroot();
	bool link = !c.nolink && c.inputs > 0;
	struct strv cmd = { 0 };
	strv_push(&cmd, c.backend);
	strv_pushf(&cmd, "--sysroot=%s", s);
	strv_push(&cmd, "-D__uni__");
	/* Crash backtraces walk frame pointers; placed first so a user -fomit-frame-pointer wins. */
	strv_push(&cmd, "-fno-omit-frame-pointer");
	strv_append(&cmd, &c.args);
	/* After the user's flags, so the user's own -isystem dirs are searched before the sysroot. */
	if (!c.nostdinc) {
		strv_push(&cmd, "-nostdinc");
		strv_push(&cmd, "-isystem");
		strv_pushf(&cmd, "%s/usr/include", s);
		strv_push(&cmd, "-isystem");
		strv_push(&cmd, backend_include(&c));
	}
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
	}
	if (c.verbose)
		fprintf(stderr, "uni-cc (uni %s): target %s, platform %s, sysroot %s, backend %s\n",
			UNI_VERSION, UNI_TRIPLE, c.platform, s, c.backend);
	uni_exec(cmd.v);
}
