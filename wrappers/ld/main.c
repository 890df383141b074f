/* main.c: uni-ld: takes ld arguments, adds the platform's crt files, runtime and libc, runs host ld. */
#include "ld.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct link {
	struct strv args;    /* the caller's arguments, filtered */
	int inputs;
	bool relocatable, info, nostartfiles, nodefaultlibs;
	bool norelro;         /* -z norelro (the last -z relro or norelro wins) */
	bool norandmaps;      /* -z norandmaps: the same layout on every boot (the last -z randmaps or norandmaps wins) */
	bool nopie;           /* -no-pie: the image at its link address (the last -pie or -no-pie wins) */
	const char *platform_opt;
	const char *rootfs;   /* --rootfs DIR */
	const char *cpus;     /* --cpus N */
	const char *output;  /* -o, else ld's a.out */
	struct strv hostdirs; /* real paths of gcc's host library dirs */
	char *gccdir;         /* real path of gcc's install dir: libgcc.a, crtbegin*.o */
};

/* gcc that called us (collect2 exports COLLECT_GCC), else gcc: it knows where libgcc lives. */
static const char *gcc_name(void)
{
	const char *g = getenv("COLLECT_GCC");
	return g && *g && !strstr(uni_basename(g), "clang") ? g : "gcc";
}

/* One query gives both gcc's install dir and its library search dirs. */
static void ask_gcc(struct link *l)
{
	char *argv[] = { (char *)gcc_name(), "-print-search-dirs", NULL };
	char *out = uni_capture(argv);
	char *lines, *dirs;
	for (char *line = strtok_r(out, "\n", &lines); line; line = strtok_r(NULL, "\n", &lines)) {
		if (strncmp(line, "install: ", 9) == 0) {
			l->gccdir = uni_realpath(line + 9);
		} else if (strncmp(line, "libraries: =", 12) == 0) {
			for (char *d = strtok_r(line + 12, ":", &dirs); d; d = strtok_r(NULL, ":", &dirs)) {
				char *r = uni_realpath(d);
				if (r)
					strv_push(&l->hostdirs, r);
			}
		}
	}
	if (!l->gccdir)
		uni_die("probe: '%s -print-search-dirs' named no install directory (fix: install "
			"gcc)", argv[0]);
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* A host library dir would let host (glibc) libraries into the image. The user's own dirs stay. */
static bool host_libdir(const struct link *l, const char *dir)
{
	static const char *const system[] = { "/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib" };
	if (dir[0] == '=')
		return false; /* relative to --sysroot, which is ours */
	char *r = uni_realpath(dir);
	if (!r)
		return false;
	if (under(r, uni_sysroot()) || strcmp(r, l->gccdir) == 0)
		return false;
	if (under(r, uni_out_dir()))
		return true; /* gcc adds its -B dir, libexec/uni */
	for (size_t i = 0; i < l->hostdirs.n; i++)
		if (strcmp(r, l->hostdirs.v[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof system / sizeof *system; i++)
		if (under(r, system[i]))
			return true;
	return false;
}

/* -lstdc++ and -lsupc++ must be the sysroot's: the same names in gcc's dir are the host's
 * (glibc) C++ runtime, which ld would otherwise take without a word. */
static void cxx_runtime_check(const char *lib)
{
	if (strcmp(lib, "stdc++") != 0 && strcmp(lib, "supc++") != 0)
		return;
	char *path = uni_strf("%s/usr/lib/lib%s.a", uni_sysroot(), lib);
	if (access(path, R_OK) != 0)
		uni_die("-l%s: %s is missing: the C++ runtime (libstdc++ built for musl) is not "
			"installed in the sysroot (fix: run ./build.sh packages libstdcxx)", lib, path);
}

/* The table's entry for option a, and its value. */
static const void *find_opt(const char *a, struct uni_opt_use *u)
{
	const struct ld_opt *o = ld_lookup(a);
	if (!o)
		return NULL;
	/* The value: glued (-Lx), after '=' (--library-path=x) or the next argument. */
	const char *name = a[1] == '-' ? a + 1 : a;
	if (o->arg == LA_EITHER && name[strlen(o->name)])
		u->value = name + strlen(o->name);
	else if (o->arg == LA_SEP && strchr(a, '='))
		u->value = strchr(a, '=') + 1;
	u->separate = o->arg != LA_NONE && !u->value;
	return o;
}

/* An option of the table: what it sets; whether it goes on to the host ld. */
static bool take_opt(const void *entry, const struct uni_opt_use *u, void *ctx)
{
	const struct ld_opt *o = entry;
	struct link *l = ctx;
	switch (o->cls) {
	case L_PLATFORM:
		l->platform_opt = u->value;
		return false;
	case L_NOSTARTFILES:
		l->nostartfiles = true;
		return false;
	case L_NODEFAULTLIBS:
		l->nodefaultlibs = true;
		return false;
	case L_ROOTFS:
		l->rootfs = u->value;
		return false;
	case L_CPUS:
		l->cpus = u->value;
		return false;
	case L_REFUSE:
		uni_die("%s", o->why);
	case L_PIE:
	case L_NOPIE:
		l->nopie = o->cls == L_NOPIE;
		return false;
	case L_LIBDIR:
		return !host_libdir(l, u->value);
	case L_LIB:
		l->inputs++;
		cxx_runtime_check(u->value);
		break;
	case L_RELOCATABLE:
		l->relocatable = true;
		break;
	case L_INFO:
		l->info = true;
		break;
	case L_OUTPUT:
		l->output = u->value;
		break;
	case L_KEYWORD:
		if (strcmp(u->value, "norelro") == 0)
			l->norelro = true;
		else if (strcmp(u->value, "relro") == 0)
			l->norelro = false;
		/* uni-ld's own keywords: host ld would warn that it ignores them. */
		if (strcmp(u->value, "norandmaps") == 0 || strcmp(u->value, "randmaps") == 0) {
			l->norandmaps = u->value[0] == 'n';
			return false;
		}
		break;
	case L_PASS:
		break;
	}
	return true;
}

/* Walks the (expanded) arguments once, filling l from the option table. */
static void classify(struct link *l, int argc, char **argv)
{
	uni_walk_args(argc, argv, &l->args, &l->inputs, find_opt, take_opt, l);
}

/* A file we add must exist, or the error says which step provides it. */
static const char *need(const char *path, const char *fix)
{
	if (access(path, R_OK) != 0)
		uni_die("link: %s is missing (fix: %s)", path, fix);
	return path;
}

/* What the link adds, decided from the platform and the caller's options. */
struct plan {
	const char *platform; /* pvh or linux (linux-microvm links as linux) */
	bool microvm;         /* linux-microvm: the result is packed into an initramfs */
	bool pvh_image;       /* a pvh image, not a relocatable link: gets the notes */
	bool pie;             /* a position-independent image, its base randomized at each start */
	bool startfiles, defaultlibs;
	bool check;           /* the image check's traces and report (imagecheck.c) */
	const char *lib, *rt; /* the sysroot's libraries, the platform's runtime */
	const char *sysroot_fix, *rt_fix;
};

static void plan_init(struct plan *p, const struct link *l)
{
	p->platform = uni_platform(l->platform_opt);
	/* linux-microvm links exactly as linux does, then packs the result into an initramfs. */
	p->microvm = strcmp(p->platform, "linux-microvm") == 0;
	if (p->microvm)
		p->platform = "linux";
	bool pvh = strcmp(p->platform, "pvh") == 0;
	p->pvh_image = pvh && !p->microvm && !l->relocatable;
	/* -z norandmaps promises the same addresses on every boot: the image's too. */
	p->pie = p->pvh_image && !l->nopie && !l->norandmaps;
	p->startfiles = !l->relocatable && !l->nostartfiles;
	p->defaultlibs = !l->relocatable && !l->nodefaultlibs;
	/* Only an image is one process without a dynamic loader; a linux build forks as usual. */
	p->check = p->pvh_image && p->defaultlibs;
	const char *s = uni_sysroot();
	p->lib = uni_strf("%s/usr/lib", s);
	p->rt = uni_strf("%s/usr/lib/uni/%s", s, p->platform);
	p->sysroot_fix = "the sysroot is incomplete; rebuild it with ./build.sh";
	p->rt_fix = pvh ? "the pvh runtime is not built; run ./build.sh, or link for Linux with UNI_PLATFORM=linux"
			: "the linux platform seam is not built; run ./build.sh";
}

/* "$LD -v" and "$LD --version" are how libtool and configure recognise GNU ld, and Meson takes
 * the first version number it sees: ld's own lines come first, then --version's line naming
 * uni. Does not return. */
static void info_only(const struct link *l, struct strv *cmd)
{
	strv_append(cmd, &l->args);
	for (size_t i = 0; i < l->args.n; i++)
		if (strcmp(l->args.v[i], "--version") == 0) {
			printf("%s\nuni-ld (uni %s)\n", uni_capture(cmd->v), UNI_VERSION);
			exit(0);
		}
	uni_exec(cmd->v);
}

/* Before the caller's arguments: the search setup, the platform's linker script, the first
 * start files. The image check's traces go first, so the line reads as docs/ARCHITECTURE.md
 * shows it. */
static void push_head(struct strv *cmd, const struct link *l, const struct plan *p)
{
	if (p->check)
		image_check_trace(cmd);
	/* --sysroot makes "=dir" and linker-script paths mean ours; -nostdlib drops ld's own
	 * host search dirs. */
	strv_pushf(cmd, "--sysroot=%s", uni_sysroot());
	strv_push(cmd, "-nostdlib");
	/* Before every other dir: gcc's own dir (kept for -lgcc) also holds the host's libstdc++.a. */
	strv_pushf(cmd, "-L%s", p->lib);
	if (!l->relocatable) {
		strv_push(cmd, "-static");
		strv_push(cmd, "-z");
		strv_push(cmd, "noexecstack");
		if (strcmp(p->platform, "pvh") == 0) {
			strv_push(cmd, "-T");
			strv_push(cmd, need(uni_strf("%s/image.ld", p->rt), p->rt_fix));
			/* Only what the image reaches from its entries: the runtime is compiled one
			 * section per function, so a program carries none of the runtime it cannot
			 * call (docs/ARCHITECTURE.md, "What an image links"). The caller's
			 * --no-gc-sections comes later and wins. */
			strv_push(cmd, "--gc-sections");
			/* Position-independent, so each start can place the image anywhere; its
			 * relocations relative only (checked after the link: pie.c), packed, and none
			 * in text (docs/SECURITY.md, "ASLR"). */
			if (p->pie) {
				strv_push(cmd, "-pie");
				strv_push(cmd, "--no-dynamic-linker");
				strv_push(cmd, "-z");
				strv_push(cmd, "pack-relative-relocs");
				strv_push(cmd, "-z");
				strv_push(cmd, "text");
				/* The unwinder's search table (crtbeginS.o registers no unwind
				 * tables: kernel/core/dl_find_object.c); no unwind entry for the PLT
				 * (nothing unwinds through it), no spare dynamic tags (nothing adds any). */
				strv_push(cmd, "--eh-frame-hdr");
				strv_push(cmd, "--no-ld-generated-unwind-info");
				strv_push(cmd, "--spare-dynamic-tags=0");
			}
			/* The runtime reads it to leave RELRO writable (image.ld). */
			if (l->norelro)
				strv_push(cmd, "--defsym=uni_norelro=1");
			/* The runtime reads it to leave the layout unrandomized (kernel/mm/aslr.c). */
			if (l->norandmaps)
				strv_push(cmd, "--defsym=uni_norandmaps=1");
		}
	}
	if (p->startfiles) {
		strv_push(cmd, need(uni_strf("%s/crt1.o", p->lib), p->sysroot_fix));
		strv_push(cmd, need(uni_strf("%s/crti.o", p->lib), p->sysroot_fix));
		strv_push(cmd, need(uni_strf("%s/%s", l->gccdir, p->pie ? "crtbeginS.o" : "crtbeginT.o"), "install gcc"));
	}
}

/* An option that only a pvh image carries (given, else the variable env, which serves builds
 * that cannot take an extra flag): its object pushed, or a warning when the option was given
 * for another platform, whose build uses the host's files and CPUs. */
static void push_pvh_only(struct strv *cmd, const struct link *l, const struct plan *p, const char *opt,
			  const char *given, const char *env, const char *(*object)(const char *), const char *what)
{
	const char *value = given ? given : getenv(env);
	if (!value || !*value || l->relocatable)
		return;
	if (strcmp(p->platform, "pvh") == 0 && !p->microvm)
		strv_push(cmd, object(value));
	else if (given)
		uni_warn("%s %s ignored: only a pvh image carries %s, not a %s build (fix: drop %s)", opt,
			 value, what, p->microvm ? "linux-microvm" : p->platform, opt);
}

/* What only a pvh image carries: the files (--rootfs, UNI_ROOTFS, which lets `make CC=uni-cc`
 * embed a tree with no change to the build), the CPU request (--cpus, UNI_IMAGE_CPUS) and the
 * checksum note. */
static void push_image_notes(struct strv *cmd, const struct link *l, const struct plan *p)
{
	push_pvh_only(cmd, l, p, "--rootfs", l->rootfs, "UNI_ROOTFS", rootfs_object, "a filesystem");
	push_pvh_only(cmd, l, p, "--cpus", l->cpus, "UNI_IMAGE_CPUS", cpus_note_object, "a CPU request");
	if (p->pvh_image)
		strv_push(cmd, sum_note_object());
}

/* After the caller's arguments: the runtime, libc and libgcc, and the last start files. */
static void push_tail(struct strv *cmd, const struct link *l, const struct plan *p)
{
	if (p->defaultlibs) {
		bool image = strcmp(p->platform, "pvh") == 0 && !p->microvm;
		/* The wrappers of the libc functions whose syscalls an image handles only when the
		 * program calls them (kernel/syscall/table.h), and the --wrap options naming them. */
		if (image)
			strv_pushf(cmd, "@%s", need(links_rsp(p->rt), p->rt_fix));
		strv_push(cmd, "--start-group");
		if (image)
			strv_push(cmd, need(links_archive(p->rt), p->rt_fix));
		strv_push(cmd, need(uni_strf("%s/libuni.a", p->rt), p->rt_fix));
		/* The runtime's TCP/IP stack: only pulled in when the program uses sockets. */
		if (image)
			strv_push(cmd, need(uni_strf("%s/uni/lwip/liblwip.a", p->lib), p->rt_fix));
		strv_push(cmd, need(uni_strf("%s/libc.a", p->lib), p->sysroot_fix));
		strv_push(cmd, need(uni_strf("%s/libgcc.a", l->gccdir), "install gcc"));
		strv_push(cmd, need(uni_strf("%s/libgcc_eh.a", l->gccdir), "install gcc"));
		strv_push(cmd, "--end-group");
	}
	if (p->startfiles) {
		strv_push(cmd, need(uni_strf("%s/%s", l->gccdir, p->pie ? "crtendS.o" : "crtend.o"), "install gcc"));
		strv_push(cmd, need(uni_strf("%s/crtn.o", p->lib), p->sysroot_fix));
	}
}

/* gcc -v puts '-v' in COLLECT_GCC_OPTIONS: show the real ld line as gcc shows collect2's. */
static bool verbose(void)
{
	const char *gcc_opts = getenv("COLLECT_GCC_OPTIONS");
	const char *v = getenv("UNI_VERBOSE");
	return (gcc_opts && strstr(gcc_opts, "'-v'")) || (v && *v && strcmp(v, "0") != 0);
}

/* Runs the link the plan describes, its command line left in cmd; see ld_run for not_pic. */
static int run_link(const struct link *l, const struct plan *p, struct strv *cmd, char **not_pic)
{
	*cmd = (struct strv){ 0 };
	strv_push(cmd, "ld");
	push_head(cmd, l, p);
	strv_append(cmd, &l->args);
	push_image_notes(cmd, l, p);
	push_tail(cmd, l, p);
	if (verbose())
		uni_print_cmd(cmd->v);
	return ld_run(cmd->v, p->pie ? not_pic : NULL);
}

int main(int argc, char **argv)
{
	uni_init(argv[0], "uni-ld", 1);
	struct link l = { 0 };
	struct strv expanded = { 0 };
	uni_expand_rsp(argc - 1, argv + 1, &expanded);
	ask_gcc(&l);
	classify(&l, (int)expanded.n, expanded.v);
	struct plan p;
	plan_init(&p, &l);
	struct strv cmd = { 0 };
	strv_push(&cmd, "ld");
	if (l.info && l.inputs == 0)
		info_only(&l, &cmd);
	if (l.inputs == 0)
		uni_die("link: no input files (fix: name the objects and libraries to link)");
	uni_require_sysroot();
	char *not_pic = NULL;
	int rc = run_link(&l, &p, &cmd, &not_pic);
	const char *output = l.output ? l.output : "a.out";
	if (not_pic)
		uni_warn("link: %s is not position-independent code, so this image is linked at a fixed "
			 "address and its base is the same on every start (fix: compile it with -fPIE, as "
			 "uni-cc does unless told -fno-pie)", not_pic);
	if (not_pic || (rc == 0 && p.pie && !pie_finish(output))) {
		p.pie = false;
		rc = run_link(&l, &p, &cmd, NULL);
	}
	if (rc == 0 && p.check)
		rc = image_check_report(cmd.v, output);
	if (rc == 0 && p.pvh_image) {
		symtrim_write(output);
		sum_write(output);
	}
	if (rc == 0 && p.microvm && !l.relocatable)
		microvm_pack(output);
	return rc;
}
