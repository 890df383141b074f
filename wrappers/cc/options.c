/* options.c: the one table of gcc options uni-cc and uni-c++ need to know, and its lookup. */
#include "cc.h"

#include <string.h>

static const struct opt table[] = {
	/* Mode: these stop before the link. */
	{ "-c", ARG_NONE, C_NOLINK, P_NONE, NULL },
	{ "-S", ARG_NONE, C_NOLINK, P_NONE, NULL },
	{ "-E", ARG_NONE, C_NOLINK, P_NONE, NULL },
	{ "-M", ARG_NONE, C_NOLINK, P_NONE, NULL },
	{ "-MM", ARG_NONE, C_NOLINK, P_NONE, NULL },
	{ "-fsyntax-only", ARG_NONE, C_NOLINK, P_NONE, NULL },

	/* Options whose value is a separate argument must be known, or the value looks like an input. */
	{ "-o", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-x", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-I", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-D", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-U", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-A", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-L", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-B", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-T", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-u", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-e", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-z", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-MF", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-MT", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-MQ", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-include", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-imacros", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-isystem", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-idirafter", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-iquote", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-iprefix", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-iwithprefix", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-iwithprefixbefore", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-isysroot", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-imultilib", ARG_EITHER, C_PASS, P_NONE, NULL },
	{ "-Xlinker", ARG_SEP, C_LINKIN, P_NONE, NULL },
	{ "-Wl,", ARG_JOINED, C_LINKIN, P_NONE, NULL },
	{ "-Xassembler", ARG_SEP, C_PASS, P_NONE, NULL },
	{ "-Xpreprocessor", ARG_SEP, C_PASS, P_NONE, NULL },
	{ "-Xclang", ARG_SEP, C_PASS, P_NONE, NULL },
	{ "--param", ARG_SEP, C_PASS, P_NONE, NULL },
	{ "-aux-info", ARG_SEP, C_PASS, P_NONE, NULL },
	{ "-dumpbase", ARG_SEP, C_PASS, P_NONE, NULL },
	{ "-dumpbase-ext", ARG_SEP, C_PASS, P_NONE, NULL },
	{ "-dumpdir", ARG_SEP, C_PASS, P_NONE, NULL },
	{ "-wrapper", ARG_SEP, C_PASS, P_NONE, NULL },
	/* An exact name that the shorter prefix entry -u would otherwise swallow. */
	{ "-undef", ARG_NONE, C_PASS, P_NONE, NULL },

	{ "-l", ARG_EITHER, C_LINKIN, P_NONE, NULL },

	/* Accepted as they are: libc has pthreads, and images are static anyway. */
	{ "-pthread", ARG_NONE, C_PASS, P_NONE, NULL },
	{ "-static", ARG_NONE, C_PASS, P_NONE, NULL },

	{ "-nostdinc", ARG_NONE, C_NOSTDINC, P_NONE, NULL },
	{ "-nostdinc++", ARG_NONE, C_NOSTDINCXX, P_NONE, NULL },
	{ "-nostdlib++", ARG_NONE, C_NOSTDLIBXX, P_NONE, NULL },
	{ "-nostdlib", ARG_NONE, C_NOSTDLIB, P_NONE, NULL },
	{ "-nostartfiles", ARG_NONE, C_NOSTARTFILES, P_NONE, NULL },
	{ "-nodefaultlibs", ARG_NONE, C_NODEFAULTLIBS, P_NONE, NULL },
	{ "-nolibc", ARG_NONE, C_NODEFAULTLIBS, P_NONE, NULL },

	{ "--uni-platform=", ARG_JOINED, C_PLATFORM, P_NONE, NULL },
	{ "--uni-backend=", ARG_JOINED, C_BACKEND, P_NONE, NULL },

	{ "-shared", ARG_NONE, C_REFUSE, P_NONE,
	  "-shared: images are static executables (fix: build a static library (ar) and link it into the program)" },
	{ "-static-pie", ARG_NONE, C_PIE, P_NONE, NULL },
	{ "-pie", ARG_NONE, C_PIE, P_NONE, NULL },
	{ "-no-pie", ARG_NONE, C_NOPIE, P_NONE, NULL },
	{ "-rdynamic", ARG_NONE, C_DROP, P_NONE,
	  "-rdynamic ignored: images have no dynamic symbol table, crash backtraces use the static one (fix: drop -rdynamic)" },

	{ "-fsanitize=", ARG_JOINED, C_SANITIZE, P_NONE, NULL },

	{ "-v", ARG_NONE, C_VERBOSE, P_NONE, NULL },
	{ "-###", ARG_NONE, C_VERBOSE, P_NONE, NULL },

	{ "-dumpmachine", ARG_NONE, C_PROBE, P_DUMPMACHINE, NULL },
	{ "-print-sysroot", ARG_NONE, C_PROBE, P_SYSROOT, NULL },
	{ "-print-file-name=", ARG_JOINED, C_PROBE, P_FILE_NAME, NULL },
	{ "-print-prog-name=", ARG_JOINED, C_PROBE, P_PROG_NAME, NULL },
	{ "-print-search-dirs", ARG_NONE, C_PROBE, P_SEARCH_DIRS, NULL },
	{ "--version", ARG_NONE, C_PROBE, P_VERSION, NULL },
	{ "--help", ARG_NONE, C_PROBE, P_HELP, NULL },
	{ "-dumpversion", ARG_NONE, C_PROBE, P_DUMPVERSION, NULL },
	{ "-dumpfullversion", ARG_NONE, C_PROBE, P_DUMPVERSION, NULL },
	{ "-print-multiarch", ARG_NONE, C_PROBE, P_MULTIARCH, NULL },
	{ "-print-multi-directory", ARG_NONE, C_PROBE, P_MULTI_DIR, NULL },
	{ "-print-multi-os-directory", ARG_NONE, C_PROBE, P_MULTI_DIR, NULL },
	{ "-print-multi-lib", ARG_NONE, C_PROBE, P_MULTI_LIB, NULL },
};

const struct opt *cc_lookup(const char *arg)
{
	/* gcc spells every -print-* probe with one or two dashes; the table uses one. */
	if (strncmp(arg, "--print-", 8) == 0 || strcmp(arg, "--dumpmachine") == 0)
		arg++;
	const struct opt *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
		const struct opt *o = &table[i];
		size_t len = strlen(o->name);
		bool exact = strcmp(arg, o->name) == 0;
		bool prefix = strncmp(arg, o->name, len) == 0;
		bool match = o->arg == ARG_JOINED || o->arg == ARG_EITHER ? prefix : exact;
		if (match && len > best_len) {
			best = o;
			best_len = len;
		}
	}
	return best;
}
