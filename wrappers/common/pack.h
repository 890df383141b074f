/* pack.h: writes host directories as uni archives (kernel/include/uni/archive.h), the format
 * uni-ld links into an image (--rootfs) and uni-run hands over as the boot module (-v). */
#ifndef UNI_PACK_H
#define UNI_PACK_H

#include <stdio.h>

/* Appends one archive holding the tree under host directory 'dir', mounted at the absolute
 * guest path 'mount', to f (which must be seekable: the header is written last). Symlinks
 * are kept as symlinks; device nodes, sockets and fifos are skipped with a warning naming
 * them. Dies naming the path when something cannot be read. */
void pack_dir(FILE *f, const char *dir, const char *mount, unsigned flags);

#endif
