/* Descriptor syscalls: read/write and their vector and positioned forms, lseek, dup,
 * pipes, fcntl, ioctl, flock, fsync, ftruncate, getdents64, fstat. */
#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>
#include "syscall/fs.h"

#define MAX_RW 0x7ffff000L   /* Linux's MAX_RW_COUNT: longer transfers are cut to it */

static long do_read(long fd, void *buf, long len, uint64_t *at)
{
	long err;
	struct uni_file *f = fs_file_for(fd, 0, &err);
	if (!f)
		return err;
	if (!f->ops->read)
		return -EINVAL;
	if (at && !f->ops->seekable)
		return -ESPIPE;
	if (len < 0 || len > MAX_RW)
		len = MAX_RW;
	return f->ops->read(f, buf, (size_t)len, at ? at : &f->pos);
}

static long do_write(long fd, const void *buf, long len, uint64_t *at)
{
	long err;
	struct uni_file *f = fs_file_for(fd, 1, &err);
	if (!f)
		return err;
	if (!f->ops->write)
		return -EINVAL;
	if (at && !f->ops->seekable)
		return -ESPIPE;
	if (len < 0 || len > MAX_RW)
		len = MAX_RW;
	/* pwrite on an O_APPEND file appends on Linux too; a local copy keeps f->pos. */
	uint64_t tmp = at ? *at : 0;
	return f->ops->write(f, buf, (size_t)len, at ? &tmp : &f->pos);
}

long sys_read(long fd, long buf, long len, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return do_read(fd, (void *)buf, len, NULL);
}

long sys_write(long fd, long buf, long len, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return do_write(fd, (const void *)buf, len, NULL);
}

long sys_pread64(long fd, long buf, long len, long off, long e, long f)
{
	(void)e, (void)f;
	if (off < 0)
		return -EINVAL;
	uint64_t at = (uint64_t)off;
	return do_read(fd, (void *)buf, len, &at);
}

long sys_pwrite64(long fd, long buf, long len, long off, long e, long f)
{
	(void)e, (void)f;
	if (off < 0)
		return -EINVAL;
	uint64_t at = (uint64_t)off;
	return do_write(fd, (const void *)buf, len, &at);
}

/* readv, writev, preadv, pwritev: one transfer per buffer, stopping at a short one. */
static long vector(long fd, const struct iovec *v, long cnt, int write, long off)
{
	if (cnt < 0 || cnt > IOV_MAX)
		return -EINVAL;
	long err;
	if (!fs_file_for(fd, write, &err))
		return err;
	uint64_t at = (uint64_t)off;
	long total = 0;
	for (long i = 0; i < cnt; i++) {
		if (!v[i].iov_len)
			continue;
		long r = write ? do_write(fd, v[i].iov_base, (long)v[i].iov_len, off >= 0 ? &at : NULL)
			       : do_read(fd, v[i].iov_base, (long)v[i].iov_len, off >= 0 ? &at : NULL);
		if (r < 0)
			return total ? total : r;
		total += r;
		at += (uint64_t)r;
		if ((size_t)r < v[i].iov_len)
			break;
	}
	return total;
}

long sys_readv(long fd, long iov, long cnt, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return vector(fd, (const struct iovec *)iov, cnt, 0, -1);
}

long sys_writev(long fd, long iov, long cnt, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return vector(fd, (const struct iovec *)iov, cnt, 1, -1);
}

long sys_preadv(long fd, long iov, long cnt, long off, long e, long f)
{
	(void)e, (void)f;
	return off < 0 ? -EINVAL : vector(fd, (const struct iovec *)iov, cnt, 0, off);
}

long sys_pwritev(long fd, long iov, long cnt, long off, long e, long f)
{
	(void)e, (void)f;
	return off < 0 ? -EINVAL : vector(fd, (const struct iovec *)iov, cnt, 1, off);
}

long sys_lseek(long fd, long off, long whence, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file)
		return -EBADF;
	if (!file->ops->seekable)
		return -ESPIPE;
	if (S_ISCHR(file->inode->mode))
		return 0;   /* as Linux's null, zero and random devices: accepted, position stays 0 */
	uint64_t size = S_ISREG(file->inode->mode) ? file->inode->size : 0;
	long base;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (long)file->pos; break;
	case SEEK_END: base = (long)size; break;
	case SEEK_DATA: case SEEK_HOLE:
		/* No holes are reported: data runs from any offset to the end of the file. */
		if (off < 0 || (uint64_t)off >= size)
			return -ENXIO;
		file->pos = whence == SEEK_DATA ? (uint64_t)off : size;
		return (long)file->pos;
	default: return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	file->pos = (uint64_t)(base + off);
	return (long)file->pos;
}

long sys_close(long fd, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return uni_fd_close((int)fd);
}

static long dup_from(long fd, int min, int cloexec)
{
	struct uni_file *f = uni_fd_get((int)fd);
	if (!f)
		return -EBADF;
	uni_file_get(f);
	return uni_fd_install(f, min, cloexec);
}

long sys_dup(long fd, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return dup_from(fd, 0, 0);
}

long sys_dup3(long old, long new, long flags, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (flags & ~O_CLOEXEC || old == new)
		return -EINVAL;
	struct uni_file *file = uni_fd_get((int)old);
	if (!file)
		return -EBADF;
	uni_file_get(file);
	return uni_fd_install_at(file, (int)new, !!(flags & O_CLOEXEC));
}

long sys_dup2(long old, long new, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (old == new)
		return uni_fd_get((int)old) ? new : -EBADF;
	return sys_dup3(old, new, 0, 0, 0, 0);
}

long sys_pipe2(long fds, long flags, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	struct uni_file *rd, *wr;
	int r = uni_pipe_create(&rd, &wr, (int)flags);
	if (r)
		return r;
	int cloexec = !!(flags & O_CLOEXEC), a = uni_fd_install(rd, 0, cloexec);
	if (a < 0) {
		uni_file_put(wr);
		return a;
	}
	int b = uni_fd_install(wr, 0, cloexec);
	if (b < 0) {
		uni_fd_close(a);
		return b;
	}
	((int *)fds)[0] = a;
	((int *)fds)[1] = b;
	return 0;
}

long sys_pipe(long fds, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return sys_pipe2(fds, 0, 0, 0, 0, 0);
}

/* POSIX record locks belong to the process, and one process never conflicts with itself:
 * set always succeeds and get always answers F_UNLCK, once the request is valid. */
static long record_lock(struct uni_file *f, int cmd, struct flock *l)
{
	int acc = f->flags & O_ACCMODE;
	if (l->l_whence != SEEK_SET && l->l_whence != SEEK_CUR && l->l_whence != SEEK_END)
		return -EINVAL;
	switch (l->l_type) {
	case F_RDLCK:
		if (cmd != F_GETLK && cmd != F_OFD_GETLK && acc == O_WRONLY)
			return -EBADF;
		break;
	case F_WRLCK:
		if (cmd != F_GETLK && cmd != F_OFD_GETLK && acc == O_RDONLY)
			return -EBADF;
		break;
	case F_UNLCK:
		if (cmd == F_GETLK || cmd == F_OFD_GETLK)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	if (cmd == F_GETLK || cmd == F_OFD_GETLK)
		l->l_type = F_UNLCK;
	return 0;
}

#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

long sys_fcntl(long fd, long cmd, long arg, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD: case F_DUPFD_CLOEXEC:
		if (arg < 0 || (uint64_t)arg >= uni_fd_limit())
			return -EINVAL;
		return dup_from(fd, (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return uni_fd_cloexec((int)fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		uni_fd_set_cloexec((int)fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return file->flags;
	case F_SETFL:
		file->flags = (file->flags & ~SETFL_MASK) | ((int)arg & SETFL_MASK);
		return 0;
	case F_GETLK: case F_SETLK: case F_SETLKW:
	case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
		if (file->flags & O_PATH)
			return -EBADF;
		return record_lock(file, (int)cmd, (struct flock *)arg);
	case F_GETOWN: case F_SETOWN:
		return 0;
	case F_GETPIPE_SZ:
		return S_ISFIFO(file->inode->mode) && file->inode->u.pipe ? 65536 : -EINVAL;
	default:
		return -EINVAL;
	}
}

long sys_ioctl(long fd, long req, long arg, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file || (file->flags & O_PATH))
		return -EBADF;
	switch (req) {
	case FIONBIO:
		file->flags = *(int *)arg ? file->flags | O_NONBLOCK : file->flags & ~O_NONBLOCK;
		return 0;
	case FIOCLEX: case FIONCLEX:
		uni_fd_set_cloexec((int)fd, req == FIOCLEX);
		return 0;
	}
	return file->ops->ioctl ? file->ops->ioctl(file, (unsigned long)req, (void *)arg) : -ENOTTY;
}

long sys_flock(long fd, long op, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file || (file->flags & O_PATH))
		return -EBADF;
	return uni_flock(file, (int)op);
}

/* Data lives in RAM; a shared volume's file is on the host already and is synced there. */
long sys_fsync(long fd, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file)
		return -EBADF;
	if (S_ISFIFO(file->inode->mode))
		return -EINVAL;
	return file->inode->vopen ? uni_vol_sync(file->inode, 0) : 0;
}

long sys_ftruncate(long fd, long len, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file || (file->flags & O_PATH))
		return -EBADF;
	if (len < 0 || !S_ISREG(file->inode->mode) || (file->flags & O_ACCMODE) == O_RDONLY)
		return -EINVAL;
	long r = uni_data_truncate(file->inode, (uint64_t)len);
	if (!r)
		uni_inode_touch(file->inode, UNI_T_M | UNI_T_C);
	return r;
}

long sys_fstat(long fd, long st, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file)
		return -EBADF;
	fs_file_stat(file, (struct stat *)st);
	return 0;
}

struct dirent64_k {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Appends one record; returns 0, or -1 when it does not fit. */
static int emit(char *buf, size_t size, size_t *used, uint64_t ino, uint64_t cookie, int type,
		const char *name, size_t len)
{
	size_t rec = (sizeof(struct dirent64_k) + len + 1 + 7) & ~(size_t)7;
	if (*used + rec > size)
		return -1;
	struct dirent64_k *d = (void *)(buf + *used);
	d->d_ino = ino;
	d->d_off = (int64_t)cookie;
	d->d_reclen = (unsigned short)rec;
	d->d_type = (unsigned char)type;
	memcpy(d->d_name, name, len);
	memset(d->d_name + len, 0, rec - sizeof *d - len);
	*used += rec;
	return 0;
}

long sys_getdents64(long fd, long buf, long size, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file || (file->flags & O_PATH))
		return -EBADF;
	struct uni_inode *dir = file->inode;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (size < 0)
		return -EINVAL;
	size_t used = 0;
	int full = 0;
	/* Cookies: 1 after ".", 2 after "..", then each entry's own. */
	if (file->pos < 1 && !(full = emit((char *)buf, (size_t)size, &used, dir->ino, 1, DT_DIR, ".", 1)))
		file->pos = 1;
	if (!full && file->pos < 2 &&
	    !(full = emit((char *)buf, (size_t)size, &used, dir->u.dir.parent->ino, 2, DT_DIR, "..", 2)))
		file->pos = 2;
	/* Entries are in cookie order: go on after the last one returned if no entry has been
	 * removed since (it could have been that one), else skip from the start. */
	const struct uni_dirent *x = dir->u.dir.head;
	if (file->dir_cursor && file->dir_gen == dir->u.dir.removals && file->dir_cursor->cookie == file->pos)
		x = file->dir_cursor->next;
	for (; x && !full; x = x->next) {
		if (x->cookie <= file->pos)
			continue;
		full = emit((char *)buf, (size_t)size, &used, x->node->ino, x->cookie, IFTODT(x->node->mode), x->name, x->len);
		if (!full) {
			file->pos = x->cookie;
			file->dir_cursor = x;
			file->dir_gen = dir->u.dir.removals;
		}
	}
	if (full && used == 0)
		return -EINVAL;
	uni_inode_touch(dir, UNI_T_A);
	return (long)used;
}
