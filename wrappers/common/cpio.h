/* cpio.h: writing newc ("070701") cpio archives, the format Linux unpacks as an initramfs
 * (uni-ld's linux-microvm output, uni-run's -v volumes for it). */
#ifndef UNI_CPIO_H
#define UNI_CPIO_H

#include <stddef.h>
#include <stdio.h>

/* A newc cpio archive being written to f. Errors are sticky: check cpio_finish's result. */
struct cpio {
	FILE *f;
	size_t off;
	unsigned ino;
	int failed;
};
void cpio_file(struct cpio *c, const char *name, unsigned perm, const void *data, size_t size);
void cpio_dir(struct cpio *c, const char *name);
void cpio_symlink(struct cpio *c, const char *name, const char *target);
void cpio_chardev(struct cpio *c, const char *name, unsigned perm, unsigned major, unsigned minor);
/* Writes the trailer and flushes; returns -1 if any write failed. */
int cpio_finish(struct cpio *c);

/* Appends the tree under host directory dir at guest path mount (absolute; its parents are
 * created), keeping symlinks and skipping device nodes, sockets and fifos with a warning
 * naming them. Dies naming the path when something cannot be read. */
void cpio_tree(struct cpio *c, const char *dir, const char *mount);

#endif
