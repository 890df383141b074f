/* Copies between descriptors inside the runtime: sendfile, splice, tee, copy_file_range and
 * vmsplice. One process owns every descriptor, so each is a loop of writes through the
 * destination's own operation: from a regular file's pages in place (one copy, as Linux's
 * sendfile from the page cache), else from a buffer. Pipes are peeked and consumed only by
 * what the other side took, so a short write loses nothing. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/uio.h>
#include "syscall/fs.h"
#include "uni/runtime.h"
#include "uni/sched.h"

#define MAX_RW 0x7ffff000L      /* Linux's MAX_RW_COUNT */
#define CHUNK (64 * 1024L)      /* the bounce buffer; also a pipe's capacity */
#define SPLICE_FLAGS (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)

long sys_readv(long fd, long iov, long cnt, long d, long e, long f);
long sys_writev(long fd, long iov, long cnt, long d, long e, long f);

/* A read or write that does not block when nonblock is set, whatever the file's flags (the
 * runtime is not preemptible, so no other thread sees the flag change). */
static ssize_t io(struct uni_file *f, int write, void *buf, size_t len, uint64_t *pos, int nonblock)
{
	int saved = f->flags;
	if (nonblock)
		f->flags |= O_NONBLOCK;
	ssize_t r = write ? f->ops->write(f, buf, len, pos) : f->ops->read(f, buf, len, pos);
	if (nonblock)
		f->flags = saved;
	return r;
}

/*
 * Moves up to len bytes from in to out. in_pos/out_pos: the offset to use for a seekable
 * file (the caller's copy or the file's own). Only the first round may wait (and not even
 * that with nonblock), so a pipe on either side ends the call once it is empty or full, as
 * Linux's splice. Returns the bytes moved, or -errno when none were.
 */
static long transfer(struct uni_file *in, uint64_t *in_pos, struct uni_file *out,
		     uint64_t *out_pos, size_t len, int nonblock)
{
	if (len > MAX_RW)
		len = MAX_RW;
	if (!len)
		return 0;
	int in_pipe = uni_is_pipe(in), out_pipe = uni_is_pipe(out), in_file = S_ISREG(in->inode->mode);
	/* A regular file is written out from its own pages; other sources go through a buffer. */
	unsigned char *buf = in_file ? NULL : uni_mm_alloc(CHUNK);
	if (!in_file && !buf)
		return -ENOMEM;
	long total = 0, r = 0;
	while ((size_t)total < len) {
		int nb = nonblock || total > 0;
		size_t n = len - (size_t)total < CHUNK ? len - (size_t)total : CHUNK;
		const void *src = buf;
		if (out_pipe) {
			if ((r = uni_pipe_wait_room(out, nb)) <= 0)
				break;
			n = (size_t)r < n ? (size_t)r : n;
		}
		if (in_file) {
			size_t whole = n;
			if (!(src = uni_data_span(in->inode, *in_pos, &n)))
				break;   /* end of file: r is 0, or the last write's count */
			/* Scattered pages: a socket takes one 64 KiB write far better than 16 small
			 * ones (each is a round through lwIP), so gather them; others take pieces. */
			if (n < whole && *in_pos + n < in->inode->size && S_ISSOCK(out->inode->mode)) {
				if (!buf && !(buf = uni_mm_alloc(CHUNK))) {
					r = -ENOMEM;
					break;
				}
				n = (size_t)uni_data_read(in->inode, buf, whole, *in_pos);
				src = buf;
			}
		} else if (in_pipe) {
			if ((r = uni_pipe_wait_data(in, nb)) <= 0)
				break;
			n = (size_t)r < n ? (size_t)r : n;
			uni_pipe_peek(in, buf, n);
		} else {
			uint64_t unused = 0;
			if ((r = io(in, 0, buf, n, &unused, nb)) <= 0)
				break;
			n = (size_t)r;
		}
		if ((r = io(out, 1, (void *)src, n, out_pos, nonblock || (total > 0 && out_pipe))) <= 0)
			break;
		if (in_pipe)
			uni_pipe_consume(in, (size_t)r);
		else if (in_file)
			*in_pos += (uint64_t)r;
		total += r;
		if ((size_t)r < n)
			break;
		/* What returning from a write would allow: the network thread takes in acks. */
		if (uni_device_poll)
			uni_device_poll();
		uni_sched_yield();
	}
	if (buf)
		uni_mm_free(buf, CHUNK);
	return total ? total : r;
}

/* The offset a call uses: the caller's (*user, which must not be negative) or the file's. */
static long pick_pos(struct uni_file *f, const long *user, uint64_t *copy, uint64_t **pos)
{
	if (!user) {
		*pos = &f->pos;
		return 0;
	}
	if (*user < 0)
		return -EINVAL;
	*copy = (uint64_t)*user;
	*pos = copy;
	return 0;
}

long sys_sendfile(long out_fd, long in_fd, long offp, long count, long e, long f)
{
	(void)e, (void)f;
	long err;
	struct uni_file *in = fs_file_for(in_fd, 0, &err), *out = fs_file_for(out_fd, 1, &err);
	if (!in || !out)
		return -EBADF;
	if (!S_ISREG(in->inode->mode) || !out->ops->write || (out->flags & O_APPEND))
		return -EINVAL;
	uint64_t in_copy, out_copy = out->pos, *in_pos, *out_pos = out->ops->seekable ? &out->pos : &out_copy;
	if ((err = pick_pos(in, (long *)offp, &in_copy, &in_pos)))
		return err;
	long r = transfer(in, in_pos, out, out_pos, count < 0 ? MAX_RW : (size_t)count, 0);
	if (offp)
		*(long *)offp = (long)in_copy;
	return r;
}

long sys_splice(long in_fd, long off_in, long out_fd, long off_out, long len, long flags)
{
	long err;
	struct uni_file *in = fs_file_for(in_fd, 0, &err), *out = fs_file_for(out_fd, 1, &err);
	if (!in || !out)
		return -EBADF;
	int in_pipe = uni_is_pipe(in), out_pipe = uni_is_pipe(out);
	if ((flags & ~SPLICE_FLAGS) || (!in_pipe && !out_pipe) || (in_pipe && out_pipe && in->inode == out->inode))
		return -EINVAL;
	if ((in_pipe && off_in) || (out_pipe && off_out))
		return -ESPIPE;
	if ((off_in && !in->ops->seekable) || (off_out && !out->ops->seekable))
		return -ESPIPE;
	if (!in->ops->read || !out->ops->write || (out->flags & O_APPEND))
		return -EINVAL;
	uint64_t in_copy, out_copy, *in_pos, *out_pos;
	if ((err = pick_pos(in, (long *)off_in, &in_copy, &in_pos)) ||
	    (err = pick_pos(out, (long *)off_out, &out_copy, &out_pos)))
		return err;
	long r = transfer(in, in_pos, out, out_pos, len < 0 ? MAX_RW : (size_t)len,
			  (flags & SPLICE_F_NONBLOCK) != 0);
	if (off_in)
		*(long *)off_in = (long)in_copy;
	if (off_out)
		*(long *)off_out = (long)out_copy;
	return r;
}

/* tee: copies what pipe in holds into pipe out without consuming it. */
long sys_tee(long in_fd, long out_fd, long len, long flags, long e, long f)
{
	(void)e, (void)f;
	long err;
	struct uni_file *in = fs_file_for(in_fd, 0, &err), *out = fs_file_for(out_fd, 1, &err);
	if (!in || !out)
		return -EBADF;
	if ((flags & ~SPLICE_FLAGS) || !uni_is_pipe(in) || !uni_is_pipe(out) || in->inode == out->inode)
		return -EINVAL;
	if (len <= 0)
		return 0;
	int nonblock = (flags & SPLICE_F_NONBLOCK) != 0;
	long room = uni_pipe_wait_room(out, nonblock), have = room > 0 ? uni_pipe_wait_data(in, nonblock) : room;
	if (have <= 0)
		return have;
	size_t n = (size_t)(len < have ? len : have);
	n = n < (size_t)room ? n : (size_t)room;
	unsigned char *buf = uni_mm_alloc(CHUNK);
	if (!buf)
		return -ENOMEM;
	uni_pipe_peek(in, buf, n);
	uint64_t unused = 0;
	long r = io(out, 1, buf, n, &unused, 1);
	uni_mm_free(buf, CHUNK);
	return r;
}

long sys_copy_file_range(long in_fd, long off_in, long out_fd, long off_out, long len, long flags)
{
	long err;
	struct uni_file *in = fs_file_for(in_fd, 0, &err), *out = fs_file_for(out_fd, 1, &err);
	if (!in || !out)
		return -EBADF;
	if (flags)
		return -EINVAL;
	if (S_ISDIR(in->inode->mode) || S_ISDIR(out->inode->mode))
		return -EISDIR;
	if (!S_ISREG(in->inode->mode) || !S_ISREG(out->inode->mode))
		return -EINVAL;
	if (out->flags & O_APPEND)
		return -EBADF;
	uint64_t in_copy, out_copy, *in_pos, *out_pos;
	if ((err = pick_pos(in, (long *)off_in, &in_copy, &in_pos)) ||
	    (err = pick_pos(out, (long *)off_out, &out_copy, &out_pos)))
		return err;
	size_t n = len < 0 ? MAX_RW : (size_t)len;
	if (in->inode == out->inode && *in_pos < *out_pos + n && *out_pos < *in_pos + n)
		return -EINVAL;   /* overlapping ranges of one file */
	long r = transfer(in, in_pos, out, out_pos, n, 0);
	if (off_in)
		*(long *)off_in = (long)in_copy;
	if (off_out)
		*(long *)off_out = (long)out_copy;
	return r;
}

/* vmsplice: user memory into a pipe's write end, or out of its read end: writev/readv. */
long sys_vmsplice(long fd, long iov, long nr, long flags, long e, long f)
{
	(void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file || !uni_is_pipe(file))
		return -EBADF;
	if (flags & ~SPLICE_FLAGS)
		return -EINVAL;
	int write = (file->flags & O_ACCMODE) == O_WRONLY, saved = file->flags;
	int nonblock = (flags & SPLICE_F_NONBLOCK) != 0;
	if (nonblock)
		file->flags |= O_NONBLOCK;   /* then nothing blocks: no other thread sees it */
	long r = write ? sys_writev(fd, iov, nr, 0, 0, 0) : sys_readv(fd, iov, nr, 0, 0, 0);
	if (nonblock)
		file->flags = saved;
	return r;
}
