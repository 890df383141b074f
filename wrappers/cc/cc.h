/* cc.h: the option table and classified call of uni-cc and uni-c++ (one driver, two modes). */
#ifndef UNI_CC_H
#define UNI_CC_H

#include "../common/uni.h"

#include <stdbool.h>

/* How an option carries its value. */
enum opt_arg {
	ARG_NONE,     /* exactly the name: -c */
	ARG_JOINED,   /* name is a prefix, value glued on: -Wl,x  -print-file-name=x */
	ARG_SEP,      /* exactly the name, value is the next argument: -Xlinker x */
	ARG_EITHER,   /* -I dir or -Idir */
};

/* What the driver does with an option. Anything not in the table is passed through. */
enum opt_class {
	C_PASS,        /* passed through; listed so its argument is not taken for an input */
	C_NOLINK,      /* -c -S -E -M -MM -fsyntax-only: the call does not link */
	C_LINKIN,      /* -lNAME -Wl, -Xlinker: like gcc, count as inputs ("cc -Wl,--version" links) */
	C_NOSTDINC,    /* user asked for no system headers: we add none either */
	C_NOSTDINCXX,  /* -nostdinc++: passed; uni-c++ adds no C++ runtime headers */
	C_NOSTDLIBXX,  /* -nostdlib++: consumed (g++ 12 lacks it); uni-c++ links no C++ runtime */
	C_NOSTDLIB,    /* forwarded to uni-ld as --uni-nostartfiles and --uni-nodefaultlibs */
	C_NOSTARTFILES,
	C_NODEFAULTLIBS,
	C_PLATFORM,    /* --uni-platform=: consumed */
	C_BACKEND,     /* --uni-backend=: consumed */
	C_REFUSE,      /* cannot be honoured: fail before running anything */
	C_DROP,        /* meaningless for images: warn and leave it out */
	C_VERBOSE,     /* -v -###: passed, and we say who we are first */
	C_PROBE,       /* answered by probe.c */
	C_SANITIZE,    /* -fsanitize=LIST: checked by sanitize.c, then passed */
	C_PIE,         /* -pie, -static-pie: an image is position-independent anyway; consumed */
	C_NOPIE,       /* -no-pie: consumed; forwarded to uni-ld as --uni-no-pie */
};

enum probe {
	P_NONE,
	P_DUMPMACHINE,
	P_SYSROOT,
	P_FILE_NAME,
	P_PROG_NAME,
	P_SEARCH_DIRS,
	P_VERSION,
	P_DUMPVERSION, /* -dumpversion, -dumpfullversion: the backend's answer (OpenBLAS, autoconf read it) */
	P_MULTIARCH,
	P_MULTI_DIR,   /* -print-multi-directory, -print-multi-os-directory */
	P_MULTI_LIB,
	P_HELP,        /* --help: uni's usage (gcc's own is gcc --help) */
};

struct opt {
	const char *name;
	enum opt_arg arg;
	enum opt_class cls;
	enum probe probe;
	const char *why; /* C_REFUSE and C_DROP: the message */
};

/* Longest-matching table entry for arg, or NULL for an unknown option. */
const struct opt *cc_lookup(const char *arg);

struct cc {
	const char *backend; /* program name: gcc, clang, gcc-12, g++ ... */
	bool clang;
	bool cxx;            /* uni-c++ (or a -g++/-c++ triple name): C++ mode */
	const char *platform;
	struct strv args;    /* user arguments minus consumed ones, @files expanded */
	int inputs;          /* source/object files, "-" and -l libraries */
	bool nolink, nostdinc, nostdincxx, nostdlibxx, nostartfiles, nodefaultlibs, verbose;
	bool nopie;          /* -no-pie (the last -pie or -no-pie wins) */
	bool ubsan;          /* an undefined-behaviour check was asked for: trap mode is added */
	const struct opt *probe;
	const char *probe_value;
};

/* Answers c->probe on stdout and returns the exit status (or execs the backend). */
int cc_probe(const struct cc *c);
/* gcc's install directory, which holds libgcc.a and crtbeginT.o. */
char *cc_gcc_libdir(const struct cc *c);
/* -fsanitize=LIST: dies naming the reason and the alternative for a sanitizer that needs a
 * runtime (address, thread, memory, leak...); notes the undefined-behaviour checks in c->ubsan. */
void cc_sanitize(struct cc *c, const char *list);
/* The backend's flag that makes the undefined-behaviour checks trap (ud2) instead of calling
 * libubsan, which images do not have. */
void cc_push_ubsan_trap(const struct cc *c, struct strv *cmd);
/* The backend's answer to one question (-dumpversion, -print-file-name=include ...). */
char *cc_ask(const struct cc *c, const char *question);

#endif
