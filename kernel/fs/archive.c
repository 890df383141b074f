/* Unpacks a uni archive (uni/archive.h) into the tree. Regular files keep pointing at the
 * archive's bytes, which stay where the loader put them; writes copy pages (fs/data.c). */
#include <errno.h>
#include <string.h>
#include "uni/archive.h"
#include "uni/console.h"
#include "uni/fs.h"
#include "uni/volume.h"

/* Whether a relative path from the packer is safe to place under the mount point. */
static int clean_path(const char *p)
{
	if (!*p || *p == '/')
		return 0;
	for (const char *s = p; *s;) {
		const char *e = strchr(s, '/');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len == 0 || (len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		s += len + (e ? 1 : 0);
	}
	return 1;
}

static int place(struct uni_inode *top, const char *path, const struct uni_archive_entry *e, const unsigned char *data)
{
	const char *slash = strrchr(path, '/');
	struct uni_inode *dir = top;
	const char *name = path;
	if (slash) {
		char parent[4096];
		size_t len = (size_t)(slash - path);
		if (len >= sizeof parent)
			return -ENAMETOOLONG;
		memcpy(parent, path, len);
		parent[len] = 0;
		/* Parents precede children in an archive; a missing one is made. */
		for (char *s = parent; s;) {
			char *next = strchr(s, '/');
			size_t l = next ? (size_t)(next - s) : strlen(s);
			struct uni_inode *c = uni_dir_lookup(dir, s, l);
			if (!c) {
				c = uni_inode_new(S_IFDIR | 0755);
				if (!c || uni_dir_link(dir, s, l, c))
					return -ENOSPC;
				c->vol = top->vol;
			}
			if (!S_ISDIR(c->mode))
				return -ENOTDIR;
			dir = c;
			s = next ? next + 1 : NULL;
		}
		name = slash + 1;
	}
	size_t nlen = strlen(name);
	struct uni_inode *old = uni_dir_lookup(dir, name, nlen);
	struct timespec t = { .tv_sec = e->mtime_sec, .tv_nsec = e->mtime_nsec };
	if (old && S_ISDIR(old->mode) && S_ISDIR(e->mode)) {
		old->mode = e->mode;   /* a volume over an existing directory: merged */
		old->vol = top->vol;
		old->mtime = old->atime = old->ctime = t;
		return 0;
	}
	if (old && S_ISDIR(old->mode))
		return -EISDIR;
	struct uni_inode *n = uni_inode_new(e->mode);
	if (!n)
		return -ENOSPC;
	n->vol = top->vol;
	if (S_ISREG(e->mode)) {
		n->u.data.base = data;
		n->u.data.base_len = n->size = e->data_len;
	} else if (S_ISLNK(e->mode)) {
		char target[4096];
		if (e->data_len >= sizeof target)
			return -ENAMETOOLONG;
		memcpy(target, data, e->data_len);
		target[e->data_len] = 0;
		if (uni_inode_symlink_target(n, target))
			return -ENOSPC;
	}
	n->mtime = n->atime = n->ctime = t;
	if (old) {
		uni_dir_replace(dir, name, nlen, n);
		return 0;
	}
	return uni_dir_link(dir, name, nlen, n);
}

long uni_archive_mount(const void *archive, uint64_t avail, const char *origin, unsigned index)
{
	const struct uni_archive *h = archive;
	const unsigned char *base = archive;
	if (avail < sizeof *h || memcmp(h->magic, UNI_ARCHIVE_MAGIC, 8) || h->size > avail ||
	    sizeof *h + UNI_ARCHIVE_ALIGN(h->mount_len + 1) > h->size) {
		uni_log("%s is not a uni archive of this version; rebuild it with this uni-ld or uni-run", origin);
		return -1;
	}
	const char *mount = (const char *)(h + 1);
	struct uni_inode *top = uni_mkdir_p(mount, 0755);
	if (!top) {
		uni_log("%s: cannot mount at %s: a file is in the way; choose another guest path", origin, mount);
		return -1;
	}
	if (uni_vol_mount)
		uni_vol_mount(top, h->flags, index);
	uint64_t off = sizeof *h + UNI_ARCHIVE_ALIGN(h->mount_len + 1);
	for (uint64_t i = 0; i < h->entries; i++) {
		const struct uni_archive_entry *e = (const void *)(base + off);
		if (off + sizeof *e > h->size)
			break;
		const char *path = (const char *)(e + 1);
		uint64_t data_off = off + sizeof *e + UNI_ARCHIVE_ALIGN(e->path_len + 1);
		uint64_t next = data_off + UNI_ARCHIVE_ALIGN(e->data_len);
		if (next > h->size || path[e->path_len]) {
			uni_log("%s: entry %llu is truncated; the archive is damaged, rebuild it", origin,
				(unsigned long long)i);
			return -1;
		}
		int r = clean_path(path) ? place(top, path, e, base + data_off) : -EINVAL;
		if (r)
			uni_log("%s: skipping %s%s%s (%s)", origin, mount, mount[1] ? "/" : "", path, strerror(-r));
		off = next;
	}
	return (long)h->size;
}
