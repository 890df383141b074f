/* tmp.c: uni-ld's temporary directory, for the objects it assembles into a link (rootfs, image
 * notes); everything in it goes away at exit. */
#include "ld.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *tmpdir;
static const char *files[16];
static int nfiles;

static void tmp_cleanup(void)
{
	while (nfiles > 0)
		unlink(files[--nfiles]);
	if (tmpdir)
		rmdir(tmpdir);
	tmpdir = NULL;
}

const char *ld_tmp_path(const char *name)
{
	if (!tmpdir) {
		const char *t = getenv("TMPDIR");
		tmpdir = uni_strf("%s/uni-ld.XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(tmpdir))
			uni_die("temporary files: cannot create a directory in %s: %s (fix: set "
				"TMPDIR to a writable directory)", t && *t ? t : "/tmp", strerror(errno));
		atexit(tmp_cleanup);
	}
	if (nfiles == (int)(sizeof files / sizeof *files))
		uni_die("temporary files: too many in %s, a bug in uni-ld (fix: report it with the "
			"command line)", tmpdir);
	return files[nfiles++] = uni_strf("%s/%s", tmpdir, name);
}

const char *ld_assemble(const char *name, const char *text)
{
	const char *src = ld_tmp_path(uni_strf("%s.s", name));
	FILE *s = fopen(src, "w");
	if (!s)
		uni_die("temporary files: cannot create %s: %s (fix: set TMPDIR to a writable "
			"directory)", src, strerror(errno));
	fputs(text, s);
	if (fclose(s) != 0)
		uni_die("temporary files: cannot write %s: %s (fix: free space in TMPDIR)", src, strerror(errno));
	const char *obj = ld_tmp_path(uni_strf("%s.o", name));
	char *as[] = { "as", "--64", "-o", (char *)obj, (char *)src, NULL };
	uni_capture(as);
	return obj;
}
