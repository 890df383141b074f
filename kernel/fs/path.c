/* Path resolution: components, ".", "..", symlinks (at most UNI_SYMLOOP_MAX per lookup),
 * the cwd and directory descriptors; and the reverse, a directory's absolute path. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include "uni/fs.h"

static int walk_from(struct uni_inode *dir, const char *p, int follow, int *links, struct uni_walk *w);

/* Resolves a symlink met on the way; *out is what it names, or NULL if that is missing. */
static int follow_link(struct uni_inode *dir, struct uni_inode *link, int *links, struct uni_walk *w)
{
	if (++*links > UNI_SYMLOOP_MAX)
		return -ELOOP;
	if (!link->size)
		return -ENOENT;
	return walk_from(dir, link->u.target, UNI_WALK_FOLLOW, links, w);
}

static int walk_from(struct uni_inode *dir, const char *p, int follow, int *links, struct uni_walk *w)
{
	if (*p == '/') {
		dir = uni_fs_root;
		while (*p == '/')
			p++;
	}
	if (!*p) {
		*w = (struct uni_walk){ .dir = dir, .node = dir, .name = ".", .len = 1, .slash = 1 };
		return 0;
	}
	for (;;) {
		const char *s = p;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - s);
		if (len > 255)
			return -ENAMETOOLONG;
		int slash = 0;
		while (*p == '/')
			p++, slash = 1;
		if (!S_ISDIR(dir->mode))
			return -ENOTDIR;
		if (dir->nlink == 0)
			return -ENOENT;   /* a removed directory has no entries, not even ".." */
		struct uni_inode *child = uni_dir_lookup(dir, s, len);
		if (!*p) {
			if (child && S_ISLNK(child->mode) && (follow || slash)) {
				int r = follow_link(dir, child, links, w);
				if (r)
					return r;
				if (slash && w->node && !S_ISDIR(w->node->mode))
					return -ENOTDIR;
				w->slash |= slash;
				return 0;
			}
			w->dir = dir;
			w->node = child;
			memcpy(w->name, s, len);
			w->name[len] = 0;
			w->len = len;
			w->slash = slash;
			if (slash && child && !S_ISDIR(child->mode) && !S_ISLNK(child->mode))
				return -ENOTDIR;
			return 0;
		}
		if (!child)
			return -ENOENT;
		if (S_ISLNK(child->mode)) {
			struct uni_walk t;
			int r = follow_link(dir, child, links, &t);
			if (r)
				return r;
			if (!t.node)
				return -ENOENT;
			child = t.node;
		}
		dir = child;
	}
}

int uni_walk(int dirfd, const char *path, int flags, struct uni_walk *w)
{
	int links = 0;
	struct uni_inode *start = uni_cwd;
	if (!path)
		return -EFAULT;
	if (!*path)
		return -ENOENT;
	if (strnlen(path, 4096) == 4096)
		return -ENAMETOOLONG;
	if (*path != '/' && dirfd != AT_FDCWD) {
		struct uni_file *f = uni_fd_get(dirfd);
		if (!f)
			return -EBADF;
		if (!S_ISDIR(f->inode->mode))
			return -ENOTDIR;
		start = f->inode;
	}
	return walk_from(start, path, flags & UNI_WALK_FOLLOW, &links, w);
}

struct uni_inode *uni_mkdir_p(const char *path, mode_t mode)
{
	struct uni_inode *dir = uni_fs_root;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		const char *s = p;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - s);
		if (!len)
			break;
		struct uni_inode *child = uni_dir_lookup(dir, s, len);
		if (!child) {
			child = uni_inode_new(S_IFDIR | mode);
			if (!child || uni_dir_link(dir, s, len, child))
				return NULL;
		}
		if (!S_ISDIR(child->mode))
			return NULL;
		dir = child;
	}
	return dir;
}

long uni_dir_path(struct uni_inode *dir, char *buf, size_t size)
{
	char tmp[4096];
	size_t at = sizeof tmp - 1;
	tmp[at] = 0;
	if (dir->nlink == 0)
		return -ENOENT;
	while (dir != uni_fs_root) {
		struct uni_inode *parent = dir->u.dir.parent;
		const struct uni_dirent *e = uni_dir_find_node(parent, dir);
		if (!e || e->len + 1 > at)
			return -ENAMETOOLONG;
		at -= e->len;
		memcpy(tmp + at, e->name, e->len);
		tmp[--at] = '/';
		dir = parent;
	}
	if (at == sizeof tmp - 1)
		tmp[--at] = '/';
	size_t len = sizeof tmp - at;
	if (len > size)
		return -ERANGE;
	memcpy(buf, tmp + at, len);
	return (long)len;
}
