/* rootfs.c: uni-ld --rootfs DIR (or UNI_ROOTFS=DIR): packs DIR as a uni archive and wraps it
 * in an object whose bytes land in the image's read-only data between __uni_rootfs_start
 * and __uni_rootfs_end, where the runtime mounts it at / during boot. */
#include "ld.h"
#include "../common/pack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *tmpdir;

void rootfs_cleanup(void)
{
	if (!tmpdir)
		return;
	unlink(uni_strf("%s/rootfs.uar", tmpdir));
	unlink(uni_strf("%s/rootfs.s", tmpdir));
	unlink(uni_strf("%s/rootfs.o", tmpdir));
	rmdir(tmpdir);
	tmpdir = NULL;
}

const char *rootfs_object(const char *dir)
{
	const char *t = getenv("TMPDIR");
	tmpdir = uni_strf("%s/uni-ld.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir))
		uni_die("cannot create a temporary directory in %s: %s; set TMPDIR to a writable directory",
			t && *t ? t : "/tmp", strerror(errno));
	atexit(rootfs_cleanup);
	const char *archive = uni_strf("%s/rootfs.uar", tmpdir);
	FILE *f = fopen(archive, "w+b");
	if (!f)
		uni_die("cannot create %s: %s", archive, strerror(errno));
	pack_dir(f, dir, "/", 0);
	if (fclose(f) != 0)
		uni_die("cannot write %s: %s; check free space in TMPDIR", archive, strerror(errno));

	/* .incbin keeps the archive's bytes as they are; the path is quoted for the assembler. */
	const char *src = uni_strf("%s/rootfs.s", tmpdir);
	FILE *s = fopen(src, "w");
	if (!s)
		uni_die("cannot create %s: %s", src, strerror(errno));
	fprintf(s, "\t.section .rodata.uni_rootfs,\"a\"\n\t.balign 4096\n"
		   "\t.globl __uni_rootfs_start, __uni_rootfs_end\n__uni_rootfs_start:\n\t.incbin \"");
	for (const char *c = archive; *c; c++)
		fprintf(s, *c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
	fprintf(s, "\"\n__uni_rootfs_end:\n\t.section .note.GNU-stack,\"\",@progbits\n");
	if (fclose(s) != 0)
		uni_die("cannot write %s: %s", src, strerror(errno));
	const char *obj = uni_strf("%s/rootfs.o", tmpdir);
	char *as[] = { "as", "--64", "-o", (char *)obj, (char *)src, NULL };
	uni_capture(as);
	return obj;
}
