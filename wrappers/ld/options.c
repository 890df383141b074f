/* options.c: the table of ld options uni-ld must recognise, and its lookup. */
#include "ld.h"

#include <string.h>

static const struct ld_opt table[] = {
	{ "-L", LA_EITHER, L_LIBDIR, NULL },
	{ "-library-path", LA_SEP, L_LIBDIR, NULL },
	{ "-l", LA_EITHER, L_LIB, NULL },
	{ "-library", LA_SEP, L_LIB, NULL },
	{ "-r", LA_NONE, L_RELOCATABLE, NULL },
	{ "-relocatable", LA_NONE, L_RELOCATABLE, NULL },
	{ "-Ur", LA_NONE, L_RELOCATABLE, NULL },

	{ "-shared", LA_NONE, L_REFUSE,
	  "-shared: images are static executables (fix: build a static library (ar) and link it into the program)" },
	{ "-Bshareable", LA_NONE, L_REFUSE,
	  "-Bshareable: images are static executables (fix: build a static library (ar) and link it into the program)" },
	{ "-pie", LA_NONE, L_PIE, NULL },
	{ "-pic-executable", LA_NONE, L_PIE, NULL },
	{ "-no-pie", LA_NONE, L_NOPIE, NULL },
	{ "-uni-no-pie", LA_NONE, L_NOPIE, NULL },

	{ "-v", LA_NONE, L_INFO, NULL },
	{ "-V", LA_NONE, L_INFO, NULL },
	{ "-version", LA_NONE, L_INFO, NULL },
	{ "-help", LA_NONE, L_INFO, NULL },

	{ "-uni-platform", LA_SEP, L_PLATFORM, NULL },
	{ "-uni-nostartfiles", LA_NONE, L_NOSTARTFILES, NULL },
	{ "-uni-nodefaultlibs", LA_NONE, L_NODEFAULTLIBS, NULL },
	{ "-rootfs", LA_SEP, L_ROOTFS, NULL },
	{ "-cpus", LA_SEP, L_CPUS, NULL },

	/* Short options with a value. */
	{ "-o", LA_EITHER, L_OUTPUT, NULL },
	{ "-oformat", LA_SEP, L_PASS, NULL },
	{ "-T", LA_EITHER, L_PASS, NULL },
	{ "-e", LA_EITHER, L_PASS, NULL },
	{ "-m", LA_EITHER, L_PASS, NULL },
	{ "-z", LA_EITHER, L_KEYWORD, NULL },
	{ "-u", LA_EITHER, L_PASS, NULL },
	{ "-y", LA_EITHER, L_PASS, NULL },
	{ "-A", LA_EITHER, L_PASS, NULL },
	{ "-b", LA_EITHER, L_PASS, NULL },
	{ "-c", LA_EITHER, L_PASS, NULL },
	{ "-f", LA_EITHER, L_PASS, NULL },
	{ "-F", LA_EITHER, L_PASS, NULL },
	{ "-G", LA_EITHER, L_PASS, NULL },
	{ "-h", LA_EITHER, L_PASS, NULL },
	{ "-R", LA_EITHER, L_PASS, NULL },
	{ "-Y", LA_EITHER, L_PASS, NULL },
	/* Long options with a value. */
	{ "-output", LA_SEP, L_OUTPUT, NULL },
	{ "-script", LA_SEP, L_PASS, NULL },
	{ "-default-script", LA_SEP, L_PASS, NULL },
	{ "-dT", LA_SEP, L_PASS, NULL },
	{ "-entry", LA_SEP, L_PASS, NULL },
	{ "-undefined", LA_SEP, L_PASS, NULL },
	{ "-require-defined", LA_SEP, L_PASS, NULL },
	{ "-trace-symbol", LA_SEP, L_PASS, NULL },
	{ "-format", LA_SEP, L_PASS, NULL },
	{ "-mri-script", LA_SEP, L_PASS, NULL },
	{ "-auxiliary", LA_SEP, L_PASS, NULL },
	{ "-filter", LA_SEP, L_PASS, NULL },
	{ "-soname", LA_SEP, L_PASS, NULL },
	{ "-just-symbols", LA_SEP, L_PASS, NULL },
	{ "-Map", LA_SEP, L_PASS, NULL },
	{ "-rpath", LA_SEP, L_PASS, NULL },
	{ "-rpath-link", LA_SEP, L_PASS, NULL },
	{ "-dynamic-linker", LA_SEP, L_PASS, NULL },
	{ "-plugin", LA_SEP, L_PASS, NULL },
	{ "-plugin-opt", LA_SEP, L_PASS, NULL },
	{ "-defsym", LA_SEP, L_PASS, NULL },
	{ "-Ttext", LA_SEP, L_PASS, NULL },
	{ "-Tdata", LA_SEP, L_PASS, NULL },
	{ "-Tbss", LA_SEP, L_PASS, NULL },
	{ "-Ttext-segment", LA_SEP, L_PASS, NULL },
	{ "-version-script", LA_SEP, L_PASS, NULL },
	{ "-dynamic-list", LA_SEP, L_PASS, NULL },
	{ "-wrap", LA_SEP, L_PASS, NULL },
	{ "-exclude-libs", LA_SEP, L_PASS, NULL },
	{ "-image-base", LA_SEP, L_PASS, NULL },
	{ "-retain-symbols-file", LA_SEP, L_PASS, NULL },
	{ "-dependency-file", LA_SEP, L_PASS, NULL },
	{ "-assert", LA_SEP, L_PASS, NULL },
};

const struct ld_opt *ld_lookup(const char *arg)
{
	const struct ld_opt *best = NULL;
	size_t best_len = 0;
	/* ld takes --name and -name alike; the table spells long names with one dash. */
	if (arg[0] == '-' && arg[1] == '-')
		arg++;
	size_t name_len = strcspn(arg, "=");
	for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
		const struct ld_opt *o = &table[i];
		size_t len = strlen(o->name);
		bool match = o->arg == LA_EITHER ? strncmp(arg, o->name, len) == 0
						 : len == name_len && strncmp(arg, o->name, len) == 0;
		if (match && len > best_len) {
			best = o;
			best_len = len;
		}
	}
	return best;
}
