/* Inodes: allocation, reference counts, timestamps and stat. An inode lives while a
 * directory links it or an open file, the cwd or a walk refers to it. */
#include <errno.h>
#include <string.h>
#include "uni/fs.h"
#include "uni/kmem.h"
#include "uni/runtime.h"
#include "uni/volume.h"

struct uni_inode *uni_fs_root;
static uint64_t next_ino = 1;

static struct timespec now(void)
{
	uint64_t ns = uni_clock_wall_ns();
	return (struct timespec){ .tv_sec = (time_t)(ns / 1000000000), .tv_nsec = (long)(ns % 1000000000) };
}

struct uni_inode *uni_inode_new(mode_t mode)
{
	struct uni_inode *n = uni_kalloc(sizeof *n);
	if (!n)
		return NULL;
	n->ino = next_ino++;
	n->mode = mode;
	n->atime = n->mtime = n->ctime = now();
	if (S_ISDIR(mode)) {
		n->u.dir.tail = &n->u.dir.head;
		n->u.dir.parent = n;
		n->u.dir.next_cookie = 3;   /* 1 and 2 are "." and ".." */
	}
	return n;
}

void uni_inode_get(struct uni_inode *n)
{
	n->refs++;
}

void uni_inode_maybe_free(struct uni_inode *n)
{
	if (n->refs || n->nlink)
		return;
	if (S_ISREG(n->mode))
		uni_data_truncate(n, 0);
	else if (S_ISLNK(n->mode))
		uni_kfree(n->u.target, n->size + 1);
	/* A directory reaches nlink 0 only when empty (rmdir): it owns no entries, only its
	 * hash table. */
	else if (S_ISDIR(n->mode) && n->u.dir.buckets)
		uni_kfree(n->u.dir.buckets, n->u.dir.nbuckets * sizeof *n->u.dir.buckets);
	uni_kfree(n, sizeof *n);
}

void uni_inode_put(struct uni_inode *n)
{
	if (--n->refs == 0 && n->vopen)
		uni_vol_close(n);
	uni_inode_maybe_free(n);
}

void uni_inode_touch(struct uni_inode *n, int what)
{
	struct timespec t = now();
	if (what & UNI_T_A)
		n->atime = t;
	if (what & UNI_T_M)
		n->mtime = t;
	if (what & UNI_T_C)
		n->ctime = t;
}

void uni_inode_stat(const struct uni_inode *n, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_dev = UNI_FS_DEV;
	st->st_ino = n->ino;
	st->st_mode = n->mode;
	st->st_nlink = n->nlink;
	st->st_uid = n->uid;
	st->st_gid = n->gid;
	st->st_rdev = n->dev ? n->dev->rdev : 0;
	st->st_size = (S_ISREG(n->mode) || S_ISLNK(n->mode)) ? (off_t)n->size : 0;
	if (S_ISDIR(n->mode))
		st->st_size = 4096;
	st->st_blksize = UNI_FS_PAGE;
	if (S_ISREG(n->mode)) {
		/* Pages in RAM, plus the part still read from the image or a boot module. */
		uint64_t bytes = n->u.data.allocated * UNI_FS_PAGE;
		uint64_t base = n->u.data.base_len < n->size ? n->u.data.base_len : n->size;
		st->st_blocks = (blkcnt_t)((bytes + base + 511) / 512);
	}
	st->st_atim = n->atime;
	st->st_mtim = n->mtime;
	st->st_ctim = n->ctime;
}

int uni_inode_symlink_target(struct uni_inode *n, const char *target)
{
	size_t len = strlen(target);
	char *t = uni_kalloc(len + 1);
	if (!t)
		return -ENOSPC;
	memcpy(t, target, len + 1);
	n->u.target = t;
	n->size = len;
	return 0;
}
