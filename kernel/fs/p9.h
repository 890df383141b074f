/* The 9P2000.L requests persistent volumes make (fs/p9.c), each one round trip on the
 * volume's channel: 0 (or a count) on success, else -errno as the host gave it. */
#ifndef UNI_FS_P9_H
#define UNI_FS_P9_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "uni/p9.h"
#include "uni/volume.h"

struct p9_setattr {
	uint32_t valid, mode;
	uint64_t size;
	struct timespec atime, mtime;
};

uint32_t p9_new_fid(void);
/* Version (once per channel) and attach v->root_fid to the volume named v->tag. */
int p9_attach(struct uni_volume *v);
/* to = from walked by n names (n may be 0: a clone); -ENOENT when a name is missing. */
int p9_walk(struct uni_volume *v, uint32_t from, uint32_t to, const char *const *names, const size_t *lens, int n);
int p9_lopen(struct uni_volume *v, uint32_t fid, uint32_t flags);
int p9_lcreate(struct uni_volume *v, uint32_t fid, const char *name, size_t len, uint32_t flags, uint32_t mode);
int p9_mkdir(struct uni_volume *v, uint32_t dfid, const char *name, size_t len, uint32_t mode);
int p9_symlink(struct uni_volume *v, uint32_t dfid, const char *name, size_t len, const char *target);
int p9_link(struct uni_volume *v, uint32_t dfid, uint32_t fid, const char *name, size_t len);
/* Bytes the host wrote (at most what one message carries), or -errno. */
long p9_write(struct uni_volume *v, uint32_t fid, uint64_t off, const void *buf, size_t len);
int p9_fsync(struct uni_volume *v, uint32_t fid);
int p9_setattr(struct uni_volume *v, uint32_t fid, const struct p9_setattr *a);
int p9_unlinkat(struct uni_volume *v, uint32_t dfid, const char *name, size_t len, uint32_t flags);
int p9_renameat(struct uni_volume *v, uint32_t ofid, const char *oname, size_t olen,
		uint32_t nfid, const char *nname, size_t nlen);
int p9_clunk(struct uni_volume *v, uint32_t fid);

#endif
