/* Anonymous pipes: a 64 KiB ring buffer shared by a read end and a write end (splice and
 * tee peek and consume it in place). Writes of up to PIPE_BUF bytes are atomic; readers and
 * writers block through uni_wait on the pipe's queue, which is also what poll() waiters watch. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include "uni/fs.h"
#include "uni/kmem.h"
#include "uni/runtime.h"

#define PIPE_CAP 65536

struct uni_pipe {
	unsigned char *buf;   /* allocated on the first write */
	size_t head, count;
	int readers, writers;
	struct uni_waitq wq;
};

long __uni_syscall(long n, long a, long b, long c, long d, long e, long f);

static int readable(void *arg)
{
	struct uni_pipe *p = arg;
	return p->count > 0 || p->writers == 0;
}

static ssize_t pipe_read(struct uni_file *f, void *buf, size_t len, uint64_t *pos)
{
	(void)pos;
	if (!len)
		return 0;
	long n = uni_pipe_wait_data(f, f->flags & O_NONBLOCK);
	if (n <= 0)
		return n;
	if ((size_t)n > len)
		n = (long)len;
	uni_pipe_peek(f, buf, (size_t)n);
	uni_pipe_consume(f, (size_t)n);
	return n;
}

long uni_pipe_wait_data(struct uni_file *rd, int nonblock)
{
	struct uni_pipe *p = rd->inode->u.pipe;
	if (!readable(p)) {
		if (nonblock)
			return -EAGAIN;
		int r = uni_wait(&p->wq, readable, p, 0);
		if (r)
			return r;
	}
	return (long)p->count;
}

void uni_pipe_peek(struct uni_file *rd, void *buf, size_t len)
{
	struct uni_pipe *p = rd->inode->u.pipe;
	unsigned char *out = buf;
	for (size_t i = 0; i < len; i++)
		out[i] = p->buf[(p->head + i) % PIPE_CAP];
}

void uni_pipe_consume(struct uni_file *rd, size_t n)
{
	struct uni_pipe *p = rd->inode->u.pipe;
	p->head = (p->head + n) % PIPE_CAP;
	p->count -= n;
	if (n)
		uni_wake(&p->wq);
}

struct room {
	struct uni_pipe *p;
	size_t need;
};

static int has_room(void *arg)
{
	struct room *r = arg;
	return PIPE_CAP - r->p->count >= r->need || r->p->readers == 0;
}

long uni_pipe_wait_room(struct uni_file *wr, int nonblock)
{
	struct uni_pipe *p = wr->inode->u.pipe;
	struct room want = { p, 1 };
	if (!has_room(&want)) {
		if (nonblock)
			return -EAGAIN;
		int r = uni_wait(&p->wq, has_room, &want, 0);
		if (r)
			return r;
	}
	return (long)(p->readers ? PIPE_CAP - p->count : PIPE_CAP);
}

static ssize_t pipe_write(struct uni_file *f, const void *buf, size_t len, uint64_t *pos)
{
	(void)pos;
	struct uni_pipe *p = f->inode->u.pipe;
	const unsigned char *in = buf;
	size_t done = 0;
	if (!len)
		return 0;
	if (!p->buf && !(p->buf = uni_mm_alloc(PIPE_CAP)))
		return -ENOMEM;
	while (done < len) {
		if (!p->readers) {
			/* As Linux: SIGPIPE first (fatal unless handled or ignored), then EPIPE. */
			__uni_syscall(SYS_kill, 1, SIGPIPE, 0, 0, 0, 0);
			return done ? (ssize_t)done : -EPIPE;
		}
		/* Up to PIPE_BUF bytes go in at once or not at all; more may be split. */
		struct room want = { p, len - done <= PIPE_BUF ? len - done : 1 };
		if (!has_room(&want)) {
			if (f->flags & O_NONBLOCK)
				return done ? (ssize_t)done : -EAGAIN;
			int r = uni_wait(&p->wq, has_room, &want, 0);
			if (r)
				return done ? (ssize_t)done : r;
			continue;
		}
		size_t n = PIPE_CAP - p->count;
		if (n > len - done)
			n = len - done;
		for (size_t i = 0; i < n; i++)
			p->buf[(p->head + p->count + i) % PIPE_CAP] = in[done + i];
		p->count += n;
		done += n;
		uni_wake(&p->wq);
	}
	return (ssize_t)done;
}

static long pipe_ioctl(struct uni_file *f, unsigned long req, void *arg)
{
	if (req != FIONREAD)
		return -ENOTTY;
	*(int *)arg = (int)f->inode->u.pipe->count;
	return 0;
}

static unsigned pipe_poll(struct uni_file *f)
{
	struct uni_pipe *p = f->inode->u.pipe;
	unsigned ev = 0;
	if ((f->flags & O_ACCMODE) == O_RDONLY) {
		if (p->count)
			ev |= POLLIN | POLLRDNORM;
		if (!p->writers)
			ev |= POLLHUP;
	} else {
		if (PIPE_CAP - p->count >= PIPE_BUF)
			ev |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			ev |= POLLERR;
	}
	return ev;
}

static void pipe_release(struct uni_file *f)
{
	struct uni_pipe *p = f->inode->u.pipe;
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		p->readers--;
	else
		p->writers--;
	uni_wake(&p->wq);
	if (!p->readers && !p->writers) {
		if (p->buf)
			uni_mm_free(p->buf, PIPE_CAP);
		uni_kfree(p, sizeof *p);
	}
}

static const struct uni_file_ops pipe_ops = {
	.read = pipe_read, .write = pipe_write, .ioctl = pipe_ioctl, .poll = pipe_poll,
	.release = pipe_release,
};

int uni_is_pipe(const struct uni_file *f)
{
	return f->ops == &pipe_ops;
}

int uni_pipe_create(struct uni_file **rd, struct uni_file **wr, int flags)
{
	struct uni_pipe *p = uni_kalloc(sizeof *p);
	struct uni_inode *n = p ? uni_inode_new(S_IFIFO | 0600) : NULL;
	if (!n) {
		uni_kfree(p, sizeof *p);
		return -ENFILE;
	}
	n->u.pipe = p;
	*rd = uni_file_new(n, &pipe_ops, O_RDONLY | (flags & O_NONBLOCK));
	if (!*rd) {
		uni_kfree(p, sizeof *p);
		uni_inode_maybe_free(n);
		return -ENFILE;
	}
	p->readers = 1;
	*wr = uni_file_new(n, &pipe_ops, O_WRONLY | (flags & O_NONBLOCK));
	if (!*wr) {
		uni_file_put(*rd);   /* frees p and n */
		return -ENFILE;
	}
	p->writers = 1;
	(*rd)->wq = (*wr)->wq = &p->wq;
	return 0;
}
