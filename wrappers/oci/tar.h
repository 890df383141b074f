/* tar.h: writing POSIX ustar archives (pax "ustar" format, IEEE 1003.1), the form of an OCI
 * image layer. */
#ifndef UNI_OCI_TAR_H
#define UNI_OCI_TAR_H

#include "buf.h"

/* Each entry's owner, mode and mtime are given: a layer is built the same way on every host, so
 * the same image gives the same digest. Names are relative ("boot/x"), at most 99 bytes. */
void tar_dir(struct buf *b, const char *name, unsigned mode, long mtime);
void tar_file(struct buf *b, const char *name, unsigned mode, unsigned uid, unsigned gid, long mtime,
	      const void *data, size_t size);
/* A hard link name -> target, an earlier entry given the same mode and owner: the bytes are
 * stored once. */
void tar_hardlink(struct buf *b, const char *name, const char *target, unsigned mode, unsigned uid,
		  unsigned gid, long mtime);
/* The two zero blocks that end an archive. */
void tar_end(struct buf *b);

#endif
