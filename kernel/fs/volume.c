/* Persistent volumes (uni/volume.h): each change to a volume's file is made on the host
 * first (fs/p9.c) and then in memory, so a failure on the host leaves both as they were and a
 * change the program saw succeed is already in the host's kernel. Directories are reached by
 * walking their names from the volume's root for each change; a regular file open for writing
 * keeps its own host file open until its last reference goes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include "uni/abi.h"
#include "uni/console.h"
#include "uni/kmem.h"
#include "uni/platform.h"
#include "p9.h"

#define MAX_DEPTH 64

/* Every platform's channel comes with this file; the bindings refer to them weakly, so an
 * image without volumes carries none. */
int uni_v9p_channel(const char *tag);
int uni_host_vol_channel(const char *tag);
__attribute__((used)) static const void *const channels[] = { uni_v9p_channel, uni_host_vol_channel };

static struct uni_volopen *open_files;

struct uni_volume *uni_vol_mount(struct uni_inode *top, uint32_t flags, unsigned index)
{
	if (!(flags & (UNI_ARCHIVE_RO | UNI_ARCHIVE_SHARED)))
		return NULL;
	struct uni_volume *v = uni_kalloc(sizeof *v);
	if (!v)
		return NULL;
	memset(v, 0, sizeof *v);
	v->flags = flags & UNI_ARCHIVE_RO ? UNI_ARCHIVE_RO : UNI_ARCHIVE_SHARED;
	v->root = top;
	snprintf(v->tag, sizeof v->tag, "%s%u", UNI_VOL_TAG, index);
	if (v->flags & UNI_ARCHIVE_SHARED) {
		v->chan = uni_plat->vol_channel ? uni_plat->vol_channel(v->tag) : -1;
		int r = v->chan < 0 ? -ENODEV : p9_attach(v);
		if (r) {
			/* Never a copy that silently forgets: the program is told at its first write. */
			uni_log("volume %s: no channel to the host (%s); it is read-only in this run "
				"(fix: run the image with this uni-run, or mount it with :copy)", v->tag, strerror(-r));
			v->flags = UNI_ARCHIVE_RO;
		}
	}
	top->vol = v;
	return v;
}

/* A new fid: the volume's root walked by the names from v->root down to dir, then name (if
 * len is not 0). */
static int path_fid(struct uni_volume *v, struct uni_inode *dir, const char *name, size_t len, uint32_t *fid)
{
	const char *names[MAX_DEPTH];
	size_t lens[MAX_DEPTH];
	int n = 0;
	if (len)
		names[n] = name, lens[n++] = len;
	for (struct uni_inode *d = dir; d != v->root; d = d->u.dir.parent) {
		const struct uni_dirent *e = d == uni_fs_root ? NULL : uni_dir_find_node(d->u.dir.parent, d);
		if (!e)
			return -ENOENT;
		if (n == MAX_DEPTH)
			return -ENAMETOOLONG;
		names[n] = e->name, lens[n++] = e->len;
	}
	for (int i = 0; i < n / 2; i++) {
		const char *t = names[i];
		size_t l = lens[i];
		names[i] = names[n - 1 - i], lens[i] = lens[n - 1 - i];
		names[n - 1 - i] = t, lens[n - 1 - i] = l;
	}
	*fid = p9_new_fid();
	return p9_walk(v, v->root_fid, *fid, names, lens, n);
}

/* A new fid for directory dir of a volume about to change: -EROFS when it is read-only. */
static int changing_dir(struct uni_volume *v, struct uni_inode *dir, uint32_t *fid)
{
	return v->flags & UNI_ARCHIVE_RO ? -EROFS : path_fid(v, dir, NULL, 0, fid);
}

static int track(struct uni_inode *n, uint32_t fid)
{
	struct uni_volopen *o = uni_kalloc(sizeof *o);
	if (!o)
		return -ENOMEM;
	*o = (struct uni_volopen){ .fid = fid, .inode = n, .next = open_files, .pprev = &open_files };
	if (open_files)
		open_files->pprev = &o->next;
	open_files = o;
	n->vopen = o;
	return 0;
}

int uni_vol_made(struct uni_inode *dir, const char *name, size_t len, struct uni_inode *n)
{
	struct uni_volume *v = dir->vol;
	n->vol = v;
	uint32_t d;
	int r = changing_dir(v, dir, &d);
	if (r)
		return r;
	uint32_t mode = n->mode & 07777;
	if (S_ISREG(n->mode)) {
		/* The fid becomes the new file, open; the host's file of that name (one the copy
		 * did not show) is emptied, as the program sees it. */
		r = p9_lcreate(v, d, name, len, O_RDWR | O_CREAT | O_TRUNC, mode);
		if (!r && !(r = track(n, d)))
			return 0;
	} else if (S_ISDIR(n->mode)) {
		r = p9_mkdir(v, d, name, len, mode);
	} else if (S_ISLNK(n->mode)) {
		r = p9_symlink(v, d, name, len, n->u.target);
	}
	p9_clunk(v, d);
	return r;
}

int uni_vol_open(struct uni_inode *dir, const char *name, size_t len, struct uni_inode *n)
{
	struct uni_volume *v = n->vol;
	if (v->flags & UNI_ARCHIVE_RO)
		return -EROFS;
	if (n->vopen)
		return 0;
	uint32_t f;
	int r = path_fid(v, dir, name, len, &f);
	if (r)
		return r;
	if (!(r = p9_lopen(v, f, O_RDWR)) && !(r = track(n, f)))
		return 0;
	p9_clunk(v, f);
	return r;
}

/* A shared mapping's writes are in the file's pages, not yet on the host: all of them go. */
static int write_mapped(struct uni_inode *n)
{
	const struct uni_filedata *d = &n->u.data;
	for (uint64_t i = 0; i < d->cap && i * UNI_FS_PAGE < n->size; i++) {
		if (!d->pages[i])
			continue;
		uint64_t off = i * UNI_FS_PAGE, len = n->size - off < UNI_FS_PAGE ? n->size - off : UNI_FS_PAGE;
		for (uint64_t done = 0; done < len;) {
			long w = p9_write(n->vol, n->vopen->fid, off + done, d->pages[i] + done, (size_t)(len - done));
			if (w <= 0)
				return w ? (int)w : -EIO;
			done += (uint64_t)w;
		}
	}
	return 0;
}

void uni_vol_close(struct uni_inode *n)
{
	struct uni_volopen *o = n->vopen;
	if (o->mapped && write_mapped(n))
		uni_log("volume %s: writing back a shared mapping failed; the host file misses it", n->vol->tag);
	p9_clunk(n->vol, o->fid);
	*o->pprev = o->next;
	if (o->next)
		o->next->pprev = o->pprev;
	uni_kfree(o, sizeof *o);
	n->vopen = NULL;
}

int uni_vol_unlink(struct uni_inode *dir, const char *name, size_t len, int is_dir)
{
	struct uni_volume *v = dir->vol;
	uint32_t d;
	int r = changing_dir(v, dir, &d);
	if (r)
		return r;
	r = p9_unlinkat(v, d, name, len, is_dir ? AT_REMOVEDIR : 0);
	p9_clunk(v, d);
	/* A fifo or socket lives only in memory: the host has no such name. */
	return r == -ENOENT ? 0 : r;
}

/* The names a two-place operation needs besides its two fids. */
struct names {
	const char *a, *b;
	size_t alen, blen;
};

static int rename_op(struct uni_volume *v, uint32_t a, uint32_t b, const struct names *x)
{
	return p9_renameat(v, a, x->a, x->alen, b, x->b, x->blen);
}

/* a/x->a and b/x->b trade places: a's through a temporary name beside it, undone on failure. */
static int exchange_op(struct uni_volume *v, uint32_t a, uint32_t b, const struct names *x)
{
	static const char tmp[] = ".uni-exchange";
	int r = p9_renameat(v, a, x->a, x->alen, a, tmp, sizeof tmp - 1);
	if (r)
		return r;
	if ((r = p9_renameat(v, b, x->b, x->blen, a, x->a, x->alen))) {
		p9_renameat(v, a, tmp, sizeof tmp - 1, a, x->a, x->alen);
		return r;
	}
	if ((r = p9_renameat(v, a, tmp, sizeof tmp - 1, b, x->b, x->blen))) {
		p9_renameat(v, a, x->a, x->alen, b, x->b, x->blen);
		p9_renameat(v, a, tmp, sizeof tmp - 1, a, x->a, x->alen);
	}
	return r;
}

static int link_op(struct uni_volume *v, uint32_t a, uint32_t b, const struct names *x)
{
	return p9_link(v, b, a, x->b, x->blen);
}

/* op between a (adir, or adir/aname) and the directory bdir, both of one volume. */
static int between(struct uni_inode *adir, const char *aname, size_t alen, struct uni_inode *bdir,
		   int (*op)(struct uni_volume *, uint32_t, uint32_t, const struct names *), const struct names *x)
{
	struct uni_volume *v = bdir->vol;
	if (v->flags & UNI_ARCHIVE_RO)
		return -EROFS;
	uint32_t a, b;
	int r = path_fid(v, adir, aname, alen, &a);
	if (r)
		return r;
	if (!(r = path_fid(v, bdir, NULL, 0, &b))) {
		r = op(v, a, b, x);
		p9_clunk(v, b);
	}
	p9_clunk(v, a);
	return r;
}

int uni_vol_rename(struct uni_inode *odir, const char *oname, size_t olen,
		   struct uni_inode *ndir, const char *nname, size_t nlen, int exchange)
{
	return between(odir, NULL, 0, ndir, exchange ? exchange_op : rename_op,
		       &(struct names){ oname, nname, olen, nlen });
}

int uni_vol_link(struct uni_inode *sdir, const char *sname, size_t slen,
		 struct uni_inode *ndir, const char *nname, size_t nlen)
{
	return between(sdir, sname, slen, ndir, link_op, &(struct names){ NULL, nname, 0, nlen });
}

ssize_t uni_vol_write(struct uni_inode *n, const void *buf, size_t len, uint64_t off)
{
	size_t done = 0;
	while (done < len) {
		long w = p9_write(n->vol, n->vopen->fid, off + done, (const char *)buf + done, len - done);
		if (w <= 0) {
			if (done)
				break;
			return w ? w : -EIO;
		}
		done += (size_t)w;
	}
	return (ssize_t)done;
}

int uni_vol_truncate(struct uni_inode *n, uint64_t size)
{
	struct p9_setattr a = { .valid = P9_SETATTR_SIZE, .size = size };
	return p9_setattr(n->vol, n->vopen->fid, &a);
}

int uni_vol_truncate_at(struct uni_inode *dir, const char *name, size_t len, uint64_t size)
{
	struct uni_volume *v = dir->vol;
	if (v->flags & UNI_ARCHIVE_RO)
		return -EROFS;
	struct p9_setattr a = { .valid = P9_SETATTR_SIZE, .size = size };
	uint32_t f;
	int r = path_fid(v, dir, name, len, &f);
	if (r)
		return r;
	r = p9_setattr(v, f, &a);
	p9_clunk(v, f);
	return r;
}

/* utimensat's pair as Tsetattr's: UTIME_NOW is the host's now, UTIME_OMIT nothing. */
static void set_times(struct p9_setattr *a, const struct timespec *t)
{
	static const uint32_t now[2] = { P9_SETATTR_ATIME, P9_SETATTR_MTIME };
	static const uint32_t set[2] = { P9_SETATTR_ATIME_SET, P9_SETATTR_MTIME_SET };
	struct timespec *dst[2] = { &a->atime, &a->mtime };
	for (int i = 0; i < 2; i++) {
		if (t[i].tv_nsec == UTIME_OMIT)
			continue;
		a->valid |= now[i];
		if (t[i].tv_nsec != UTIME_NOW)
			a->valid |= set[i], *dst[i] = t[i];
	}
}

int uni_vol_setattr(struct uni_inode *n, struct uni_inode *dir, const char *name, size_t len,
		    const mode_t *mode, const struct timespec *times)
{
	struct uni_volume *v = n->vol;
	if (v->flags & UNI_ARCHIVE_RO)
		return -EROFS;
	struct p9_setattr a = { 0 };
	if (mode)
		a.valid |= P9_SETATTR_MODE, a.mode = *mode & 07777;
	if (times)
		set_times(&a, times);
	if (!a.valid)
		return 0;
	if (n->vopen)
		return p9_setattr(v, n->vopen->fid, &a);
	uint32_t f;
	int r;
	if (S_ISDIR(n->mode))   /* by its own names, whatever the program called it ("." too) */
		r = path_fid(v, n, NULL, 0, &f);
	else if (dir)
		r = path_fid(v, dir, name, len, &f);
	else
		return 0;   /* a file by a descriptor opened only to read: docs/ARCHITECTURE.md "Volumes" */
	if (r)
		return r;
	r = p9_setattr(v, f, &a);
	p9_clunk(v, f);
	return r;
}

static int sync_one(struct uni_inode *n)
{
	int r = n->vopen->mapped ? write_mapped(n) : 0;
	return r ? r : p9_fsync(n->vol, n->vopen->fid);
}

int uni_vol_sync(struct uni_inode *n, int mapped_only)
{
	if (n)
		return n->vopen ? sync_one(n) : 0;
	int err = 0;
	for (struct uni_volopen *o = open_files; o; o = o->next)
		if (!mapped_only || o->mapped) {
			int r = sync_one(o->inode);
			if (r && !err)
				err = r;
		}
	return err;
}
