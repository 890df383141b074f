/* Directories: a list of named links in creation order, each with a cookie that getdents
 * uses as its offset. Link counts follow POSIX: a directory has 2 + its subdirectories. */
#include <errno.h>
#include <string.h>
#include "uni/fs.h"
#include "uni/kmem.h"

static struct uni_dirent **find(struct uni_inode *dir, const char *name, size_t len)
{
	struct uni_dirent **p = &dir->u.dir.head;
	for (; *p; p = &(*p)->next)
		if ((*p)->len == len && memcmp((*p)->name, name, len) == 0)
			return p;
	return NULL;
}

struct uni_inode *uni_dir_lookup(struct uni_inode *dir, const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return dir;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return dir->u.dir.parent;
	struct uni_dirent **p = find(dir, name, len);
	return p ? (*p)->node : NULL;
}

int uni_dir_link(struct uni_inode *dir, const char *name, size_t len, struct uni_inode *n)
{
	if (dir->nlink == 0)
		return -ENOENT;   /* removed while open or while it was the cwd */
	struct uni_dirent *e = uni_kalloc(sizeof *e + len + 1);
	if (!e)
		return -ENOSPC;
	memcpy(e->name, name, len);
	e->len = (uint32_t)len;
	e->node = n;
	e->cookie = dir->u.dir.next_cookie++;
	*dir->u.dir.tail = e;
	dir->u.dir.tail = &e->next;
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
	struct uni_dirent **p = find(dir, name, len), *e;
	if (!p)
		return -ENOENT;
	e = *p;
	*p = e->next;
	if (dir->u.dir.tail == &e->next)
		dir->u.dir.tail = p;
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
	struct uni_dirent *e = *find(dir, name, len);
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
