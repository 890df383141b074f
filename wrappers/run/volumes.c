/* volumes.c: uni-run -v: packs each host directory as a uni archive mounted at its guest
 * path, all into one temporary file that QEMU passes as the boot module (-initrd). */
#include "run.h"
#include "../common/pack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *module;

static void remove_module(void)
{
	if (module)
		unlink(module);
}

const char *volumes_pack(const struct run_opts *o)
{
	if (!o->volumes.n)
		return NULL;
	const char *t = getenv("TMPDIR");
	module = uni_strf("%s/uni-run-volumes.XXXXXX", t && *t ? t : "/tmp");
	int fd = mkstemp(module);
	if (fd < 0)
		run_fail("cannot create a temporary file in %s for the -v volumes: %s; set TMPDIR to a "
			 "writable directory", t && *t ? t : "/tmp", strerror(errno));
	atexit(remove_module);
	FILE *f = fdopen(fd, "w+b");
	if (!f)
		run_fail("fdopen: %s", strerror(errno));
	for (size_t i = 0; i < o->volumes.n; i++) {
		/* opts.c checked the form HOST:/GUEST[:ro|:rw]. */
		char *host = uni_xstrdup(o->volumes.v[i]), *guest = strchr(host, ':');
		*guest++ = '\0';
		char *opt = strrchr(guest, ':');
		int ro = opt && strcmp(opt, ":ro") == 0;
		if (opt)
			*opt = '\0';
		pack_dir(f, host, guest, ro ? 1 : 0);
		free(host);
	}
	if (fclose(f) != 0)
		run_fail("cannot write %s: %s; check free space in TMPDIR", module, strerror(errno));
	return module;
}
