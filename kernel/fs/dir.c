/* Directories: a list of named links in creation order, each with a cookie that getdents
 * uses as its offset, and a hash table of the same entries by name, so that a lookup in a
 * directory of 100,000 files costs what it costs in one of ten. Link counts follow POSIX: a
 * directory has 2 + its subdirectories. */
#include <errno.h>
#include <string.h>
#include "uni/fs.h"
#include "uni/kmem.h"

#define MIN_BUCKETS 16

static uint32_t name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

static struct uni_dirent *find(struct uni_inode *dir, const char *name, size_t len)
{
	if (!dir->u.dir.buckets)
		return NULL;
	uint32_t h = name_hash(name, len);
	for (struct uni_dirent *e = dir->u.dir.buckets[h & (dir->u.dir.nbuckets - 1)]; e; e = e->hnext)
		if (e->hash == h && e->len == len && memcmp(e->name, name, len) == 0)
			return e;
	return NULL;
}

/* Makes room for one more entry: the table grows fourfold past two entries per bucket. */
static int reserve(struct uni_inode *dir)
{
	uint32_t nb = dir->u.dir.nbuckets;
	if (nb && dir->u.dir.count < 2 * nb)
		return 0;
	uint32_t want = nb ? nb * 4 : MIN_BUCKETS;
	struct uni_dirent **b = uni_kalloc(want * sizeof *b);
	if (!b)
		return nb ? 0 : -ENOSPC;   /* a full table still works, only slower */
	for (struct uni_dirent *e = dir->u.dir.head; e; e = e->next) {
		e->hnext = b[e->hash & (want - 1)];
		b[e->hash & (want - 1)] = e;
	}
	if (nb)
		uni_kfree(dir->u.dir.buckets, nb * sizeof *b);
	dir->u.dir.buckets = b;
	dir->u.dir.nbuckets = want;
	return 0;
}

/* Takes e out of the creation-order list and its bucket. */
static void remove_entry(struct uni_inode *dir, struct uni_dirent *e)
{
	*e->pprev = e->next;
	if (e->next)
		e->next->pprev = e->pprev;
	else
		dir->u.dir.tail = e->pprev;
	struct uni_dirent **p = &dir->u.dir.buckets[e->hash & (dir->u.dir.nbuckets - 1)];
	while (*p != e)
		p = &(*p)->hnext;
	*p = e->hnext;
	dir->u.dir.count--;
	dir->u.dir.removals++;
}

struct uni_inode *uni_dir_lookup(struct uni_inode *dir, const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return dir;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return dir->u.dir.parent;
	struct uni_dirent *e = find(dir, name, len);
	return e ? e->node : NULL;
}

int uni_dir_link(struct uni_inode *dir, const char *name, size_t len, struct uni_inode *n)
{
	if (dir->nlink == 0)
		return -ENOENT;   /* removed while open or while it was the cwd */
	struct uni_dirent *e = uni_kalloc(sizeof *e + len + 1);
	if (!e || reserve(dir)) {
		if (e)
			uni_kfree(e, sizeof *e + len + 1);
		return -ENOSPC;
	}
	memcpy(e->name, name, len);
	e->len = (uint32_t)len;
	e->hash = name_hash(name, len);
	e->node = n;
	e->cookie = dir->u.dir.next_cookie++;
	e->next = NULL;
	e->pprev = dir->u.dir.tail;
	*dir->u.dir.tail = e;
	dir->u.dir.tail = &e->next;
	struct uni_dirent **b = &dir->u.dir.buckets[e->hash & (dir->u.dir.nbuckets - 1)];
	e->hnext = *b;
	*b = e;
	dir->u.dir.count++;
	n->nlink++;
	if (S_ISDIR(n->mode)) {
		n->nlink++;   /* its "." */
		n->u.dir.parent = dir;
		dir->nlink++; /* its ".." */
	}
	uni_inode_touch(dir, UNI_T_M | UNI_T_C);
	uni_inode_touch(n, UNI_T_C);
	return 0;
}

int uni_dir_unlink(struct uni_inode *dir, const char *name, size_t len)
{
	struct uni_dirent *e = find(dir, name, len);
	if (!e)
		return -ENOENT;
	remove_entry(dir, e);
	struct uni_inode *n = e->node;
	uni_kfree(e, sizeof *e + e->len + 1);
	n->nlink--;
	if (S_ISDIR(n->mode)) {
		n->nlink--;
		dir->nlink--;
	}
	uni_inode_touch(dir, UNI_T_M | UNI_T_C);
	uni_inode_touch(n, UNI_T_C);
	uni_inode_maybe_free(n);
	return 0;
}

void uni_dir_replace(struct uni_inode *dir, const char *name, size_t len, struct uni_inode *n)
{
	struct uni_dirent *e = find(dir, name, len);
	struct uni_inode *old = e->node;
	e->node = n;
	n->nlink++;
	if (S_ISDIR(n->mode)) {
		n->nlink++;
		n->u.dir.parent = dir;
		dir->nlink++;
	}
	old->nlink--;
	if (S_ISDIR(old->mode)) {
		old->nlink--;
		dir->nlink--;
	}
	uni_inode_touch(dir, UNI_T_M | UNI_T_C);
	uni_inode_touch(old, UNI_T_C);
	uni_inode_maybe_free(old);
}

int uni_dir_empty(const struct uni_inode *dir)
{
	return dir->u.dir.head == NULL;
}

const struct uni_dirent *uni_dir_find_node(const struct uni_inode *dir, const struct uni_inode *child)
{
	for (const struct uni_dirent *e = dir->u.dir.head; e; e = e->next)
		if (e->node == child)
			return e;
	return NULL;
}
