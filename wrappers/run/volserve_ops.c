/* volserve_ops.c: the 9P2000.L requests the volume server answers, each on fids that
 * volserve.c keeps inside a volume. A request's fields are all read, and the message checked
 * whole, before anything is done; errors are the host's errno, which is Linux's as the guest's. */
#include "run.h"
#include "volserve.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uni/abi.h"

/* Rgetattr's valid mask: the fields of struct stat (P9_GETATTR_BASIC). */
#define GETATTR_BASIC 0x7ffull

/* The open(2) flags a request may pass on (x86_64 Linux's, the host's too); O_NOFOLLOW and
 * O_CLOEXEC are always added, O_CREAT only by Tlcreate. */
#define OPEN_FLAGS (O_ACCMODE | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC | O_SYNC | O_DIRECTORY)

/* Whether the whole request was there. */
static int parsed(const struct volserve *s)
{
	return !s->in.bad && s->in.p == s->in.end;
}

/* The fid's file's qid into the reply; 0 or an errno. */
static int put_fd_qid(struct volserve *s, int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return errno;
	putqid(&s->out, &st);
	return 0;
}

/* The qid of name in directory dir; 0 or an errno. */
static int put_name_qid(struct volserve *s, int dir, const char *name)
{
	int fd = open_beneath(dir, name, O_PATH, 0);
	if (fd < 0)
		return -fd;
	int err = put_fd_qid(s, fd);
	close(fd);
	return err;
}

/* The directory a fid names, as an O_PATH descriptor: *dir, or an errno. */
static int fid_dir(struct volserve *s, uint32_t n, int *dir)
{
	struct fid *f = fid_find(s, n);
	if (!f)
		return EBADF;
	*dir = fid_path_fd(f, O_DIRECTORY);
	return *dir < 0 ? -*dir : 0;
}

int op_version(struct volserve *s)
{
	uint32_t msize = get32(&s->in);
	size_t len;
	const char *version = getstr(&s->in, &len);
	if (!parsed(s))
		return EPROTO;
	/* A new session: the fids of the last one are gone. */
	for (size_t i = 0; i < s->fid_top; i++)
		if (s->fids[i].used)
			fid_release(&s->fids[i]);
	if (msize > UNI_VOL_MSIZE)
		msize = UNI_VOL_MSIZE;
	int known = strcmp(version, UNI_VOL_VERSION) == 0 && msize > P9_IOHDR;
	put32(&s->out, msize);
	putstr(&s->out, known ? UNI_VOL_VERSION : "unknown");
	if (known)
		s->msize = msize;
	return 0;
}

/* aname "uniN": volume N, when it is served; else -1. */
static int volume_of(const struct volserve *s, const char *aname)
{
	size_t k = strlen(UNI_VOL_TAG);
	if (strncmp(aname, UNI_VOL_TAG, k) != 0)
		return -1;
	const char *d = aname + k;
	char *end;
	if (d[0] < '0' || d[0] > '9' || (d[0] == '0' && d[1]))
		return -1;
	unsigned long n = strtoul(d, &end, 10);
	return *end || n >= s->n_roots || s->roots[n] < 0 ? -1 : (int)n;
}

int op_attach(struct volserve *s)
{
	size_t len;
	uint32_t n = get32(&s->in);
	get32(&s->in);   /* afid: no authentication */
	getstr(&s->in, &len);
	const char *aname = getstr(&s->in, &len);
	get32(&s->in);
	if (!parsed(s))
		return EPROTO;
	int v = volume_of(s, aname);
	if (v < 0 || strlen(aname) != len)
		return ENOENT;
	struct fid *f;
	int err = fid_room(s, n, &f);
	if (err)
		return err;
	f->dir = fcntl(s->roots[v], F_DUPFD_CLOEXEC, 0);
	if (f->dir < 0)
		return errno;
	err = put_fd_qid(s, f->dir);
	f->name = strdup(".");
	if (!err && !f->name)
		err = ENOMEM;
	if (err) {
		fid_release(f);
		return err;
	}
	f->used = 1;
	return 0;
}

/* Walks from dir/name through names[0..nw), putting a qid for each step made into the reply;
 * *dir and *name end at the last file reached. Returns how many steps were made, and in *err
 * why the next failed. */
static uint16_t walk_steps(struct volserve *s, int *dir, char **name, const char **names, uint16_t nw,
			   int *err)
{
	uint16_t done = 0;
	for (*err = 0; done < nw && !*err; done++) {
		int d = open_beneath(*dir, *name, O_PATH | O_DIRECTORY, 0);
		if (d < 0) {
			*err = -d;
			break;
		}
		*err = put_name_qid(s, d, names[done]);
		char *next = *err ? NULL : strdup(names[done]);
		if (!*err && !next)
			*err = ENOMEM;
		if (*err) {
			close(d);
			break;
		}
		close(*dir);
		*dir = d;
		free(*name);
		*name = next;
	}
	return done;
}

int op_walk(struct volserve *s)
{
	uint32_t from = get32(&s->in), to = get32(&s->in);
	uint16_t nw = get16(&s->in);
	const char *names[P9_MAXWELEM];
	int bad_name = 0;
	for (uint16_t i = 0; i < nw && i < P9_MAXWELEM; i++) {
		size_t len;
		names[i] = getstr(&s->in, &len);
		bad_name = bad_name ? bad_name : name_check(names[i], len);
	}
	if (nw > P9_MAXWELEM || !parsed(s))
		return EPROTO;
	struct fid *f = fid_find(s, from), *g = f;
	if (!f || (to == from && nw && f->fd >= 0))
		return EBADF;   /* an open fid stays the file it opened */
	if (bad_name)
		return bad_name;
	int err = to == from ? 0 : fid_room(s, to, &g);
	if (err)
		return err;
	int dir = fcntl(f->dir, F_DUPFD_CLOEXEC, 0);
	char *name = strdup(f->name);
	if (dir < 0 || !name) {
		if (dir >= 0)
			close(dir);
		free(name);
		return dir < 0 ? errno : ENOMEM;
	}
	put16(&s->out, 0);   /* nwqid, known after the walk */
	uint16_t done = walk_steps(s, &dir, &name, names, nw, &err);
	s->out.buf[P9_HDR] = (unsigned char)done;
	s->out.buf[P9_HDR + 1] = (unsigned char)(done >> 8);
	if (done < nw) {
		close(dir);
		free(name);
		return done == 0 ? err : 0;   /* a partial walk: newfid stays unused */
	}
	if (g == f) {
		close(f->dir);
		free(f->name);
	}
	*g = (struct fid){ .used = 1, .num = to, .dir = dir, .name = name, .fd = g == f ? f->fd : -1 };
	return 0;
}

/* Opens name in dir for a Tlopen or Tlcreate with the guest's flags; the descriptor or -errno. */
static int open_for_guest(int dir, const char *name, uint32_t flags, int create, mode_t mode)
{
	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	int f = (int)(flags & OPEN_FLAGS);
	if (create)
		f |= O_CREAT | (int)(flags & O_EXCL);
	return open_beneath(dir, name, f, mode & 07777);
}

/* Rlopen's and Rlcreate's fields: the qid of fd, then the iounit. */
static int put_opened(struct volserve *s, int fd)
{
	int err = put_fd_qid(s, fd);
	put32(&s->out, s->msize - P9_IOHDR);
	return err;
}

int op_lopen(struct volserve *s)
{
	uint32_t n = get32(&s->in), flags = get32(&s->in);
	if (!parsed(s))
		return EPROTO;
	struct fid *f = fid_find(s, n);
	if (!f || f->fd >= 0)
		return EBADF;
	int fd = open_for_guest(f->dir, f->name, flags, 0, 0);
	if (fd < 0)
		return -fd;
	int err = put_opened(s, fd);
	if (err)
		close(fd);
	else
		f->fd = fd;
	return err;
}

int op_lcreate(struct volserve *s)
{
	size_t len;
	uint32_t n = get32(&s->in);
	const char *name = getstr(&s->in, &len);
	uint32_t flags = get32(&s->in), mode = get32(&s->in);
	get32(&s->in);   /* gid: files are the uni-run user's */
	if (!parsed(s))
		return EPROTO;
	struct fid *f = fid_find(s, n);
	if (!f || f->fd >= 0)
		return EBADF;
	int err = name_check(name, len), dir = -1;
	if (err || (err = fid_dir(s, n, &dir)))
		return err;
	char *copy = strdup(name);
	int fd = copy ? open_for_guest(dir, name, flags, 1, mode) : -ENOMEM;
	if (fd < 0 || (err = put_opened(s, fd))) {
		if (fd >= 0)
			close(fd);
		close(dir);
		free(copy);
		return fd < 0 ? -fd : err;
	}
	close(f->dir);
	free(f->name);
	f->dir = dir;
	f->name = copy;
	f->fd = fd;
	return 0;
}

int op_read(struct volserve *s)
{
	uint32_t n = get32(&s->in);
	uint64_t offset = get64(&s->in);
	uint32_t count = get32(&s->in);
	if (!parsed(s))
		return EPROTO;
	struct fid *f = fid_find(s, n);
	if (!f || f->fd < 0)
		return EBADF;
	if (offset > INT64_MAX)
		return EINVAL;
	size_t room = s->out.cap - P9_HDR - 4;
	ssize_t got = pread(f->fd, s->out.buf + P9_HDR + 4, count < room ? count : room, (off_t)offset);
	if (got < 0)
		return errno;
	put32(&s->out, (uint32_t)got);
	s->out.len += (size_t)got;
	return 0;
}

int op_write(struct volserve *s)
{
	uint32_t n = get32(&s->in);
	uint64_t offset = get64(&s->in);
	uint32_t count = get32(&s->in);
	const unsigned char *data = getdata(&s->in, count);
	if (!parsed(s))
		return EPROTO;
	struct fid *f = fid_find(s, n);
	if (!f || f->fd < 0)
		return EBADF;
	if (offset > INT64_MAX - (uint64_t)count)
		return EFBIG;
	size_t done = 0;
	int err = EIO;   /* a write of nothing */
	while (done < count) {
		ssize_t w = pwrite(f->fd, data + done, count - done, (off_t)(offset + done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			err = w < 0 ? errno : err;
			break;
		}
		done += (size_t)w;
	}
	if (done == 0 && count)
		return err;
	put32(&s->out, (uint32_t)done);
	return 0;
}

int op_clunk(struct volserve *s)
{
	uint32_t n = get32(&s->in);
	if (!parsed(s))
		return EPROTO;
	struct fid *f = fid_find(s, n);
	if (!f)
		return EBADF;
	fid_release(f);
	return 0;
}

int op_fsync(struct volserve *s)
{
	uint32_t n = get32(&s->in), datasync = get32(&s->in);
	if (!parsed(s))
		return EPROTO;
	struct fid *f = fid_find(s, n);
	if (!f)
		return EBADF;
	int fd = f->fd >= 0 ? f->fd : open_beneath(f->dir, f->name, O_RDONLY, 0);
	if (fd < 0)
		return -fd;
	int err = (datasync ? fdatasync(fd) : fsync(fd)) < 0 ? errno : 0;
	if (fd != f->fd)
		close(fd);
	return err;
}

/* A path through which the system calls that take no descriptor reach the file fd (an O_PATH
 * descriptor inside the volume) itself, whatever its name has become. */
static char *proc_path(char *buf, size_t size, int fd)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
	return buf;
}

/* Tsetattr's changes to the file fd (O_PATH) of fid f: mode, size, times; 0 or an errno. */
static int set_attrs(const struct fid *f, int fd, uint32_t valid, uint32_t mode, uint64_t size,
		     const struct timespec *at, const struct timespec *mt)
{
	char path[64];
	struct stat st;
	if (fstat(fd, &st) < 0)
		return errno;
	if ((valid & (P9_SETATTR_MODE | P9_SETATTR_SIZE)) && S_ISLNK(st.st_mode))
		return EOPNOTSUPP;   /* a symlink has no mode, and its size is its target's length */
	if ((valid & P9_SETATTR_MODE) && chmod(proc_path(path, sizeof path, fd), mode & 07777) < 0)
		return errno;
	if (valid & P9_SETATTR_SIZE) {
		if (size > INT64_MAX)
			return EFBIG;
		/* The opened descriptor when it may write: truncate(2) on the name would check the
		 * mode again, which ftruncate on an open file does not. */
		int wr = f->fd >= 0 && (fcntl(f->fd, F_GETFL) & O_ACCMODE) != O_RDONLY;
		if ((wr ? ftruncate(f->fd, (off_t)size) : truncate(proc_path(path, sizeof path, fd), (off_t)size)) < 0)
			return errno;
	}
	if (valid & (P9_SETATTR_ATIME | P9_SETATTR_MTIME)) {
		struct timespec ts[2] = {
			{ .tv_nsec = UTIME_OMIT }, { .tv_nsec = UTIME_OMIT }
		};
		if (valid & P9_SETATTR_ATIME)
			ts[0] = valid & P9_SETATTR_ATIME_SET ? *at : (struct timespec){ .tv_nsec = UTIME_NOW };
		if (valid & P9_SETATTR_MTIME)
			ts[1] = valid & P9_SETATTR_MTIME_SET ? *mt : (struct timespec){ .tv_nsec = UTIME_NOW };
		if (utimensat(f->dir, f->name, ts, AT_SYMLINK_NOFOLLOW) < 0)
			return errno;
	}
	return 0;
}

int op_setattr(struct volserve *s)
{
	uint32_t n = get32(&s->in), valid = get32(&s->in), mode = get32(&s->in);
	get32(&s->in);   /* uid and gid: files are the uni-run user's */
	get32(&s->in);
	uint64_t size = get64(&s->in);
	struct timespec at = { (time_t)get64(&s->in), (long)get64(&s->in) };
	struct timespec mt = { (time_t)get64(&s->in), (long)get64(&s->in) };
	if (!parsed(s))
		return EPROTO;
	struct fid *f = fid_find(s, n);
	if (!f)
		return EBADF;
	if (((valid & P9_SETATTR_ATIME_SET) && (at.tv_nsec < 0 || at.tv_nsec > 999999999)) ||
	    ((valid & P9_SETATTR_MTIME_SET) && (mt.tv_nsec < 0 || mt.tv_nsec > 999999999)))
		return EINVAL;
	int fd = fid_path_fd(f, 0);
	if (fd < 0)
		return -fd;
	int err = set_attrs(f, fd, valid, mode, size, &at, &mt);
	close(fd);
	return err;
}

int op_getattr(struct volserve *s)
{
	uint32_t n = get32(&s->in);
	get64(&s->in);   /* request_mask: every basic field is given */
	if (!parsed(s))
		return EPROTO;
	struct fid *f = fid_find(s, n);
	if (!f)
		return EBADF;
	struct stat st;
	int fd = fid_path_fd(f, 0);
	if (fd < 0)
		return -fd;
	int err = fstat(fd, &st) < 0 ? errno : 0;
	close(fd);
	if (err)
		return err;
	struct wire_out *o = &s->out;
	put64(o, GETATTR_BASIC);
	putqid(o, &st);
	put32(o, st.st_mode);
	put32(o, st.st_uid);
	put32(o, st.st_gid);
	put64(o, st.st_nlink);
	put64(o, st.st_rdev);
	put64(o, (uint64_t)st.st_size);
	put64(o, (uint64_t)st.st_blksize);
	put64(o, (uint64_t)st.st_blocks);
	const struct timespec *t[3] = { &st.st_atim, &st.st_mtim, &st.st_ctim };
	for (int i = 0; i < 3; i++) {
		put64(o, (uint64_t)t[i]->tv_sec);
		put64(o, (uint64_t)t[i]->tv_nsec);
	}
	for (int i = 0; i < 4; i++)
		put64(o, 0);   /* btime, gen, data_version: not in the basic mask */
	return 0;
}

int op_unlinkat(struct volserve *s)
{
	size_t len;
	uint32_t n = get32(&s->in);
	const char *name = getstr(&s->in, &len);
	uint32_t flags = get32(&s->in);
	if (!parsed(s))
		return EPROTO;
	int dir, err = name_check(name, len);
	if (err || (err = fid_dir(s, n, &dir)))
		return err;
	err = unlinkat(dir, name, flags & AT_REMOVEDIR) < 0 ? errno : 0;
	close(dir);
	return err;
}

int op_renameat(struct volserve *s)
{
	size_t olen, nlen;
	uint32_t on = get32(&s->in);
	const char *oname = getstr(&s->in, &olen);
	uint32_t nn = get32(&s->in);
	const char *nname = getstr(&s->in, &nlen);
	if (!parsed(s))
		return EPROTO;
	int odir, ndir, err = name_check(oname, olen);
	if (err || (err = name_check(nname, nlen)) || (err = fid_dir(s, on, &odir)))
		return err;
	if ((err = fid_dir(s, nn, &ndir))) {
		close(odir);
		return err;
	}
	err = renameat(odir, oname, ndir, nname) < 0 ? errno : 0;
	close(odir);
	close(ndir);
	return err;
}

int op_mkdir(struct volserve *s)
{
	size_t len;
	uint32_t n = get32(&s->in);
	const char *name = getstr(&s->in, &len);
	uint32_t mode = get32(&s->in);
	get32(&s->in);   /* gid */
	if (!parsed(s))
		return EPROTO;
	int dir, err = name_check(name, len);
	if (err || (err = fid_dir(s, n, &dir)))
		return err;
	err = mkdirat(dir, name, mode & 07777) < 0 ? errno : put_name_qid(s, dir, name);
	close(dir);
	return err;
}

int op_symlink(struct volserve *s)
{
	size_t len, tlen;
	uint32_t n = get32(&s->in);
	const char *name = getstr(&s->in, &len), *target = getstr(&s->in, &tlen);
	get32(&s->in);   /* gid */
	if (!parsed(s))
		return EPROTO;
	int dir, err = name_check(name, len);
	if (err)
		return err;
	/* The target is the guest's to resolve, never the server's: any text but a NUL. */
	if (tlen == 0 || strlen(target) != tlen)
		return tlen ? EINVAL : ENOENT;
	if ((err = fid_dir(s, n, &dir)))
		return err;
	err = symlinkat(target, dir, name) < 0 ? errno : put_name_qid(s, dir, name);
	close(dir);
	return err;
}

int op_link(struct volserve *s)
{
	size_t len;
	uint32_t dn = get32(&s->in), n = get32(&s->in);
	const char *name = getstr(&s->in, &len);
	if (!parsed(s))
		return EPROTO;
	struct fid *f = fid_find(s, n);
	if (!f)
		return EBADF;
	int dir, err = name_check(name, len);
	if (err || (err = fid_dir(s, dn, &dir)))
		return err;
	/* Flags 0: a symlink is linked itself, not followed. */
	err = linkat(f->dir, f->name, dir, name, 0) < 0 ? errno : 0;
	close(dir);
	return err;
}
