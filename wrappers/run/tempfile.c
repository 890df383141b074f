/* tempfile.c: uni-run's temporary files (the -v volumes' boot module, --gdb's image copy), in
 * TMPDIR, removed when uni-run exits. */
#include "run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *made[4];

static void remove_made(void)
{
	for (size_t i = 0; i < sizeof made / sizeof *made; i++)
		if (made[i])
			unlink(made[i]);
}

int temp_file(const char *opt, const char *name, const char **path)
{
	const char *t = getenv("TMPDIR");
	char *p = uni_strf("%s/%s.XXXXXX", t && *t ? t : "/tmp", name);
	int fd = mkstemp(p);
	if (fd < 0)
		uni_die("%s: cannot create a temporary file in %s: %s (fix: set TMPDIR to a writable "
			"directory)", opt, t && *t ? t : "/tmp", strerror(errno));
	size_t i = 0;
	while (i < sizeof made / sizeof *made - 1 && made[i])
		i++;   /* one file per use at most: fewer than made's slots */
	if (i == 0)
		atexit(remove_made);
	made[i] = *path = p;
	return fd;
}
