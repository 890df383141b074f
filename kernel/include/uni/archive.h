/* The uni archive: a directory tree packed by uni-ld (--rootfs, linked into the image) and
 * uni-run (-v, passed as the boot module), unpacked by the runtime at boot. Shared by the
 * packer (wrappers/common/pack.c, host) and the reader (kernel/fs/archive.c, guest).
 *
 * Layout, little-endian, every part 8-byte aligned:
 *   struct uni_archive, then the mount point (mount_len bytes, NUL, padding),
 *   then entries until 'size' bytes: struct uni_archive_entry, the path relative to the
 *   mount point (path_len bytes, NUL, padding), the data (data_len bytes, padding).
 * A boot module is several archives back to back (one per volume). Parents come before
 * their children. Regular files' data is used in place until written (copy-on-write), so
 * the bytes must stay where the loader put them. */
#ifndef UNI_ARCHIVE_H
#define UNI_ARCHIVE_H

#include <stdint.h>

#define UNI_ARCHIVE_MAGIC "UNIARC01"
#define UNI_ARCHIVE_ALIGN(n) (((uint64_t)(n) + 7) & ~(uint64_t)7)

struct uni_archive {
	char magic[8];          /* UNI_ARCHIVE_MAGIC */
	uint64_t size;          /* bytes of this archive, header included */
	uint32_t mount_len;     /* absolute guest path it is mounted at ("/" for the rootfs) */
	uint32_t flags;         /* UNI_ARCHIVE_*: how the volume is mounted */
	uint64_t entries;
};

#define UNI_ARCHIVE_RO 1u       /* -v ...:ro: every change fails with EROFS */
#define UNI_ARCHIVE_SHARED 2u   /* -v HOST:/GUEST (:rw): changes go to the host as they are made
                                 * (uni/abi.h, UNI_VOL_TAG); without it or RO, a copy in memory */

struct uni_archive_entry {
	uint32_t mode;          /* st_mode: S_IFREG, S_IFDIR or S_IFLNK, and permission bits */
	uint32_t path_len;
	uint64_t data_len;      /* file size, or the symlink target's length */
	int64_t mtime_sec;
	uint32_t mtime_nsec;
	uint32_t reserved;
};

#endif
