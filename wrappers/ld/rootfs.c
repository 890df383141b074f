/* rootfs.c: uni-ld --rootfs DIR (or UNI_ROOTFS=DIR): packs DIR as a uni archive and wraps it
 * in an object whose bytes land in the image's read-only data between __uni_rootfs_start
 * and __uni_rootfs_end, where the runtime mounts it at / during boot. */
#include "ld.h"
#include "../common/pack.h"

#include <errno.h>
#include <string.h>

const char *rootfs_object(const char *dir)
{
	const char *archive = ld_tmp_path("rootfs.uar");
	FILE *f = fopen(archive, "w+b");
	if (!f)
		uni_die("--rootfs: cannot create %s: %s (fix: set TMPDIR to a writable directory)", archive, strerror(errno));
	pack_dir(f, dir, "/", 0);
	if (fclose(f) != 0)
		uni_die("--rootfs: cannot write %s: %s (fix: free space in TMPDIR)", archive, strerror(errno));

	/* .incbin keeps the archive's bytes as they are; the path is quoted for the assembler. */
	char *quoted = uni_strf("%s", "");
	for (const char *c = archive; *c; c++)
		quoted = uni_strf(*c == '"' || *c == '\\' ? "%s\\%c" : "%s%c", quoted, *c);
	return ld_assemble("rootfs", uni_strf("\t.section .rodata.uni_rootfs,\"a\"\n\t.balign 4096\n"
		"\t.globl __uni_rootfs_start, __uni_rootfs_end\n__uni_rootfs_start:\n"
		"\t.incbin \"%s\"\n__uni_rootfs_end:\n\t.section .note.GNU-stack,\"\",@progbits\n", quoted));
}
