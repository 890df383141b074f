/* Shared by the fs syscall files: argument checks every family needs. */
#ifndef UNI_SYSCALL_FS_H
#define UNI_SYSCALL_FS_H

#include <fcntl.h>
#include "uni/fs.h"
#include "uni/volume.h"

/* The file behind fd if it may be read (or written), else NULL with *err = -EBADF. */
static inline struct uni_file *fs_file_for(long fd, int write, long *err)
{
	struct uni_file *f = uni_fd_get((int)fd);
	*err = -EBADF;
	if (!f || (f->flags & O_PATH))
		return NULL;
	int acc = f->flags & O_ACCMODE;
	if (write ? acc == O_RDONLY : acc == O_WRONLY)
		return NULL;
	return f;
}

/* The stat of an open file, as its type reports it. */
static inline void fs_file_stat(struct uni_file *f, struct stat *st)
{
	if (f->ops && f->ops->stat)
		f->ops->stat(f, st);
	else
		uni_inode_stat(f->inode, st);
}

/* Resolves dirfd+path for the *at calls, honouring AT_EMPTY_PATH (the dirfd itself) and
 * AT_SYMLINK_NOFOLLOW; fills *node or returns -errno (ENOENT when it does not exist). */
long fs_lookup(long dirfd, const char *path, long flags, struct uni_inode **node);
/* The same, with how the path ended (w->dir NULL when AT_EMPTY_PATH named a descriptor). */
long fs_lookup_at(long dirfd, const char *path, long flags, struct uni_walk *w);

/* fs_mkdir.c: walks to path's last component, not following a final symlink, where mkdir,
 * symlink and link make a new name (one that exists is EEXIST); and links a new inode of mode
 * (a symlink to target) as w's last component, made on the host too in a shared volume. */
long fs_walk_to_new_name(long dirfd, long path, struct uni_walk *w);
long fs_create(struct uni_walk *w, mode_t mode, const char *target, struct uni_inode **out);

#endif
