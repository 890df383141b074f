/* probe.c: answers to the questions build systems ask a compiler, for our target, not the host. */
#include "cc.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *cc_ask(const struct cc *c, const char *question)
{
	char *argv[] = { (char *)c->backend, (char *)question, NULL };
	return uni_capture(argv);
}

char *cc_gcc_libdir(const struct cc *c)
{
	char *libgcc = cc_ask(c, "-print-libgcc-file-name");
	char *slash = strrchr(libgcc, '/');
	if (!slash)
		uni_die("probe: %s -print-libgcc-file-name gave '%s', not a path (fix: install "
			"gcc, or set UNI_CC_BACKEND to a working gcc)", c->backend, libgcc);
	*slash = '\0';
	return libgcc;
}

/* The sysroot first, then the platform's runtime dir; from the compiler only its own support
 * files (libgcc.a, crtbeginT.o), never a host library such as /usr/lib/x86_64-linux-gnu/libc.a. */
static int print_file_name(const struct cc *c, const char *name)
{
	const char *s = uni_sysroot();
	char *dirs[] = { uni_strf("%s/usr/lib", s), uni_strf("%s/usr/lib/uni/%s", s, c->platform) };
	for (size_t i = 0; i < 2; i++) {
		char *path = uni_strf("%s/%s", dirs[i], name);
		if (access(path, F_OK) == 0) {
			puts(path);
			return 0;
		}
	}
	/* Debian keeps the host's (glibc) libstdc++.a and libsupc++.a in gcc's own dir: never ours. */
	if (strncmp(name, "libstdc++", 9) == 0 || strncmp(name, "libsupc++", 9) == 0) {
		puts(name);
		return 0;
	}
	/* Real paths: gcc answers host libraries as <gccdir>/../../../x86_64-linux-gnu/libz.so. */
	char *answer = uni_realpath(cc_ask(c, uni_strf("-print-file-name=%s", name)));
	char *gccdir = uni_realpath(cc_gcc_libdir(c));
	size_t n = gccdir ? strlen(gccdir) : 0;
	bool own = answer && gccdir && strncmp(answer, gccdir, n) == 0 && answer[n] == '/';
	/* Like gcc, an unknown file is answered with its bare name. */
	puts(own ? answer : name);
	return 0;
}

/* gcc's install and program dirs stay; libraries are the sysroot's and libgcc's dir only. */
static int print_search_dirs(const struct cc *c)
{
	char *all = cc_ask(c, "-print-search-dirs");
	char *gccdir = cc_gcc_libdir(c);
	for (char *line = strtok(all, "\n"); line; line = strtok(NULL, "\n")) {
		if (strncmp(line, "programs: =", 11) == 0)
			printf("programs: =%s/libexec/uni/:%s\n", uni_out_dir(), line + 11);
		else if (strncmp(line, "libraries: =", 12) != 0)
			puts(line);
	}
	printf("libraries: =%s/usr/lib/:%s/usr/lib/uni/%s/:%s/\n", uni_sysroot(), uni_sysroot(),
	       c->platform, gccdir);
	return 0;
}

/* First line names uni (build logs show what compiled them); the backend's lines follow, so tools
 * that recognise gcc by its "Free Software Foundation" line still do. */
static int print_version(const struct cc *c)
{
	char *banner = cc_ask(c, "--version");
	char *rest = strchr(banner, '\n');
	if (rest)
		*rest++ = '\0';
	const char *version = strrchr(banner, ' ');
	printf("%s (uni %s) over %s %s\n", uni_prog, UNI_VERSION,
	       c->clang ? (c->cxx ? "clang++" : "clang") : (c->cxx ? "g++" : "gcc"), version ? version + 1 : banner);
	if (rest)
		puts(rest);
	return 0;
}

static int print_help(const struct cc *c)
{
	const char *be = c->cxx ? "g++" : "gcc";
	printf("usage: %s [OPTION...] FILE...\n"
	       "%s with the uni sysroot (musl, the runtime%s) and target %s: compiles, and links\n"
	       "an image that uni-run boots under QEMU or runs as a sandboxed process.\n"
	       "\n"
	       "  --uni-platform=pvh|linux|linux-microvm  what to link (default $UNI_PLATFORM, else pvh):\n"
	       "                      an image, a static Linux executable, a Linux microVM initramfs\n"
	       "  -Wl,--rootfs=DIR    pack DIR into the image as its files (or UNI_ROOTFS=DIR)\n"
	       "  -Wl,--cpus=N        the CPUs the image asks uni-run for (or UNI_IMAGE_CPUS=N)\n"
	       "  -v                  say the target, platform, sysroot and backend, then run it\n"
	       "  --version           uni's version, then the backend's\n"
	       "  --help              this text\n"
	       "\n"
	       "Every other option is %s's (%s --help). The backend is $%s, else %s (clang works).\n"
	       "Run an image with: uni-run IMAGE [ARG...]. More: README.md, docs/ARCHITECTURE.md.\n",
	       uni_prog, be, c->cxx ? ", libstdc++" : "", UNI_TRIPLE, be, be,
	       c->cxx ? "UNI_CXX_BACKEND" : "UNI_CC_BACKEND", be);
	return 0;
}

int cc_probe(const struct cc *c)
{
	switch (c->probe->probe) {
	case P_DUMPMACHINE:
		puts(UNI_TRIPLE);
		return 0;
	case P_SYSROOT:
		puts(uni_sysroot());
		return 0;
	case P_FILE_NAME:
		return print_file_name(c, c->probe_value);
	case P_PROG_NAME:
		if (strcmp(c->probe_value, "ld") == 0) {
			printf("%s/bin/uni-ld\n", uni_out_dir());
			return 0;
		}
		puts(cc_ask(c, uni_strf("-print-prog-name=%s", c->probe_value)));
		return 0;
	case P_SEARCH_DIRS:
		return print_search_dirs(c);
	case P_VERSION:
		return print_version(c);
	case P_HELP:
		return print_help(c);
	case P_DUMPVERSION:
		puts(cc_ask(c, c->probe->name));
		return 0;
	case P_MULTIARCH:
		/* Empty, as a gcc built without multiarch answers: true here, since the sysroot keeps
		 * libraries in usr/lib, not usr/lib/<multiarch>. Refusing would break configure scripts
		 * (CPython's) that only need to learn there is no multiarch directory. */
		putchar('\n');
		return 0;
	case P_MULTI_DIR:
		puts(".");
		return 0;
	case P_MULTI_LIB:
		puts(".;");
		return 0;
	case P_NONE:
		break;
	}
	uni_die("probe: probe %s has no answer, a bug in uni-cc (fix: report it with the command "
		"line)", c->probe->name);
}
