/* Persistent volumes (fs/volume.c, fs/p9.c): every change to a file of a volume that uni-run
 * shares with the image (uni/archive.h's UNI_ARCHIVE_SHARED) is sent to the host as a 9P2000.L
 * request before it is made in memory, so it is on the host when the call returns; reads are
 * served from the copy unpacked at boot. Read-only volumes refuse changes with EROFS.
 * Linked only into images whose program opens or changes files by name (links/files.S): the
 * filesystem calls these hooks only for an inode whose vol is set, which only volume.c sets. */
#ifndef UNI_VOLUME_H
#define UNI_VOLUME_H

#include <stddef.h>
#include <stdint.h>
#include "uni/archive.h"
#include "uni/fs.h"
#include "uni/weak.h"

struct uni_volume {
	uint32_t flags;            /* UNI_ARCHIVE_RO or UNI_ARCHIVE_SHARED */
	int chan;                  /* the platform's channel (uni/platform.h vol_rpc) */
	uint32_t root_fid;         /* the volume's top directory on the host */
	struct uni_inode *root;    /* its directory in the tree */
	char tag[16];
};

/* An inode of a shared volume open for writing: its host file, open read-write. */
struct uni_volopen {
	uint32_t fid;
	int mapped;                /* had a MAP_SHARED mapping: its pages are written out at sync */
	struct uni_volopen *next, **pprev;
	struct uni_inode *inode;
};

#define UNI_VOL_HOOK UNI_WEAK_FN
/* archive.c: the archive number index, mounted at top with these flags, becomes a volume (RO
 * or SHARED); returns it, or NULL for a copy (and on failure, said on the console). */
UNI_VOL_HOOK struct uni_volume *uni_vol_mount(struct uni_inode *top, uint32_t flags, unsigned index);
/* Whether n lies in a read-only volume (its changes fail with EROFS). */
static inline int uni_vol_readonly(const struct uni_inode *n)
{
	return n->vol && (n->vol->flags & UNI_ARCHIVE_RO);
}
/* The new inode n, linked in memory as dir/name, is made on the host too (file, directory or
 * symlink; a regular file stays open for writing). On failure the caller unlinks it. */
UNI_VOL_HOOK int uni_vol_made(struct uni_inode *dir, const char *name, size_t len, struct uni_inode *n);
/* The existing regular file dir/name (n) is opened for writing: its host file too. */
UNI_VOL_HOOK int uni_vol_open(struct uni_inode *dir, const char *name, size_t len, struct uni_inode *n);
/* n is no longer open (refs dropped to 0): its host file is written out if mapped, and closed. */
UNI_VOL_HOOK void uni_vol_close(struct uni_inode *n);
/* dir/name is unlinked (dir: rmdir) on the host. */
UNI_VOL_HOOK int uni_vol_unlink(struct uni_inode *dir, const char *name, size_t len, int is_dir);
/* A rename between two directories of one volume; exchange: RENAME_EXCHANGE (9P has none:
 * three renames through a temporary name, so another host process may see the middle). */
UNI_VOL_HOOK int uni_vol_rename(struct uni_inode *odir, const char *oname, size_t olen,
				struct uni_inode *ndir, const char *nname, size_t nlen, int exchange);
/* A hard link to n (found as sdir/sname) named ndir/nname. */
UNI_VOL_HOOK int uni_vol_link(struct uni_inode *sdir, const char *sname, size_t slen,
			      struct uni_inode *ndir, const char *nname, size_t nlen);
/* Data of an open file (n->vopen set): written or truncated on the host first. */
UNI_VOL_HOOK ssize_t uni_vol_write(struct uni_inode *n, const void *buf, size_t len, uint64_t off);
UNI_VOL_HOOK int uni_vol_truncate(struct uni_inode *n, uint64_t size);
/* n's mode (mode non-NULL) and times (times[2], as utimensat's; NULL: unchanged) on the host:
 * through its open host file, else by its name dir/name (dir NULL: not reachable, unchanged). */
UNI_VOL_HOOK int uni_vol_setattr(struct uni_inode *n, struct uni_inode *dir, const char *name, size_t len,
				 const mode_t *mode, const struct timespec *times);
/* The size of dir/name (n, not open for writing) on the host: truncate(2) by path. */
UNI_VOL_HOOK int uni_vol_truncate_at(struct uni_inode *dir, const char *name, size_t len, uint64_t size);
/* fsync of n on the host (NULL: of every file open for writing, as sync(2); mapped_only: of
 * those that had a shared mapping, as msync and exit do), shared mappings' pages first. */
UNI_VOL_HOOK int uni_vol_sync(struct uni_inode *n, int mapped_only);

#endif
