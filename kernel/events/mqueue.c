/* POSIX message queues: named queues of prioritised messages, opened as descriptors that
 * poll and epoll watch (readable with a message, writable with room), with blocking and
 * timed sends and receives between threads, and a signal on arrival (mq_notify). Names live
 * in their own namespace, not in the filesystem, as Linux's mqueue. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include "uni/events.h"
#include "uni/kmem.h"
#include "uni/runtime.h"
#include "uni/signal.h"

#define NQUEUES 256
#define MAXMSG_DEFAULT 10     /* Linux's msg_default and msgsize_default */
#define MSGSIZE_DEFAULT 8192
#define MAXMSG_MAX 65536      /* Linux's hard limits */
#define MSGSIZE_MAX (16 << 20)
#define PRIO_MAX 32768

struct mqmsg {
	struct mqmsg *next;
	unsigned prio;
	size_t len;
	char data[];
};

struct mq {
	char name[NAME_MAX + 1];
	int linked, refs;
	long maxmsg, msgsize, count;
	struct mqmsg *head;   /* highest priority first, in arrival order within one */
	int notify_sig;       /* -1: none registered; 0: SIGEV_NONE; else the signal */
	struct uni_waitq wq;
};

static struct mq *queues[NQUEUES];

/* A descriptor's private part: its queue. */
struct mqfile {
	struct mq *q;
};

/* Frees q once no name and no descriptor refers to it. */
static void maybe_free(struct mq *q)
{
	if (q->refs || q->linked)
		return;
	while (q->head) {
		struct mqmsg *m = q->head;
		q->head = m->next;
		uni_kfree(m, sizeof *m + m->len);
	}
	for (int i = 0; i < NQUEUES; i++)
		if (queues[i] == q)
			queues[i] = NULL;
	uni_kfree(q, sizeof *q);
}

static unsigned mq_poll(struct uni_file *f)
{
	struct mq *q = ((struct mqfile *)f->priv)->q;
	return (q->count ? POLLIN | POLLRDNORM : 0) | (q->count < q->maxmsg ? POLLOUT | POLLWRNORM : 0);
}

static void mq_release(struct uni_file *f)
{
	struct mq *q = ((struct mqfile *)f->priv)->q;
	q->refs--;
	maybe_free(q);
	uni_anon_release(f);
}

static const struct uni_file_ops mq_ops = { .poll = mq_poll, .release = mq_release };

static struct mq *find(const char *name)
{
	for (int i = 0; i < NQUEUES; i++)
		if (queues[i] && queues[i]->linked && !strcmp(queues[i]->name, name))
			return queues[i];
	return NULL;
}

/* musl strips the leading '/': what is left is one name. */
static long check_name(const char *name)
{
	size_t n = strlen(name);
	if (!n || strchr(name, '/'))
		return n ? -EACCES : -ENOENT;
	return n > NAME_MAX ? -ENAMETOOLONG : 0;
}

long sys_mq_open(long name, long flags, long mode, long attr, long e, long f)
{
	(void)mode, (void)e, (void)f;
	const char *nm = (const char *)name;
	long r = check_name(nm);
	if (r)
		return r;
	struct mq *q = find(nm);
	if (q && (flags & O_CREAT) && (flags & O_EXCL))
		return -EEXIST;
	if (!q && !(flags & O_CREAT))
		return -ENOENT;
	if (!q) {
		const struct mq_attr *a = (const struct mq_attr *)attr;
		if (a && (a->mq_maxmsg < 1 || a->mq_maxmsg > MAXMSG_MAX || a->mq_msgsize < 1 || a->mq_msgsize > MSGSIZE_MAX))
			return -EINVAL;
		int slot = 0;
		while (slot < NQUEUES && queues[slot])
			slot++;
		if (slot == NQUEUES)
			return -ENOSPC;
		if (!(q = uni_kalloc(sizeof *q)))
			return -ENOMEM;
		strcpy(q->name, nm);
		q->linked = 1;
		q->maxmsg = a ? a->mq_maxmsg : MAXMSG_DEFAULT;
		q->msgsize = a ? a->mq_msgsize : MSGSIZE_DEFAULT;
		q->notify_sig = -1;
		queues[slot] = q;
	}
	struct mqfile *mf = uni_kalloc(sizeof *mf);
	if (!mf)
		return -ENOMEM;
	mf->q = q;
	q->refs++;
	int acc = (int)flags & O_ACCMODE;
	r = uni_anon_file(&mq_ops, mf, sizeof *mf, (int)flags & O_NONBLOCK, !!(flags & O_CLOEXEC));
	if (r < 0) {
		q->refs--;
		maybe_free(q);
		return r;
	}
	struct uni_file *file = uni_fd_get((int)r);
	file->flags = (file->flags & ~O_ACCMODE) | acc;
	file->wq = &q->wq;
	return r;
}

long sys_mq_unlink(long name, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	long r = check_name((const char *)name);
	if (r)
		return r;
	struct mq *q = find((const char *)name);
	if (!q)
		return -ENOENT;
	q->linked = 0;
	maybe_free(q);   /* open descriptors keep it until they close */
	return 0;
}

/* The queue behind fd, if it was opened for reading (or writing). */
static struct mq *queue_of(long fd, int write, struct uni_file **file)
{
	struct uni_file *f = uni_fd_get((int)fd);
	if (!f || f->ops != &mq_ops)
		return NULL;
	int acc = f->flags & O_ACCMODE;
	if (write ? acc == O_RDONLY : acc == O_WRONLY)
		return NULL;
	*file = f;
	return ((struct mqfile *)f->priv)->q;
}

struct waiting {
	struct mq *q;
	int send;
};

static int can(void *arg)
{
	struct waiting *w = arg;
	return w->send ? w->q->count < w->q->maxmsg : w->q->count > 0;
}

/* Waits for room (send) or a message in q; ts is an absolute CLOCK_REALTIME deadline or NULL. */
static long wait_queue(struct uni_file *f, struct mq *q, int send, const struct timespec *ts)
{
	struct waiting w = { q, send };
	if (can(&w))
		return 0;
	if (f->flags & O_NONBLOCK)
		return -EAGAIN;
	uint64_t deadline = 0;
	if (ts) {
		if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
			return -EINVAL;
		uint64_t at = (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec, wall = uni_clock_wall_ns();
		if (at <= wall)
			return -ETIMEDOUT;
		deadline = uni_clock_ns() + (at - wall);
	}
	return uni_wait(&q->wq, can, &w, deadline);
}

long sys_mq_timedsend(long fd, long msg, long len, long prio, long ts, long f)
{
	(void)f;
	struct uni_file *file;
	struct mq *q = queue_of(fd, 1, &file);
	if (!q)
		return -EBADF;
	if (len < 0 || len > q->msgsize)
		return -EMSGSIZE;
	if ((unsigned long)prio >= PRIO_MAX)
		return -EINVAL;
	long r = wait_queue(file, q, 1, (const struct timespec *)ts);
	if (r)
		return r;
	struct mqmsg *m = uni_kalloc(sizeof *m + (size_t)len);
	if (!m)
		return -ENOMEM;
	m->prio = (unsigned)prio;
	m->len = (size_t)len;
	memcpy(m->data, (const void *)msg, (size_t)len);
	struct mqmsg **p = &q->head;
	while (*p && (*p)->prio >= m->prio)
		p = &(*p)->next;
	m->next = *p;
	*p = m;
	/* The first message into an empty queue fires a registered notification, once. */
	if (!q->count++ && q->notify_sig >= 0) {
		if (q->notify_sig > 0)
			uni_signal_raise(q->notify_sig, SI_MESGQ);
		q->notify_sig = -1;
	}
	uni_wake(&q->wq);
	return 0;
}

long sys_mq_timedreceive(long fd, long buf, long len, long prio, long ts, long f)
{
	(void)f;
	struct uni_file *file;
	struct mq *q = queue_of(fd, 0, &file);
	if (!q)
		return -EBADF;
	if (len < q->msgsize)
		return -EMSGSIZE;
	long r = wait_queue(file, q, 0, (const struct timespec *)ts);
	if (r)
		return r;
	struct mqmsg *m = q->head;
	q->head = m->next;
	q->count--;
	memcpy((void *)buf, m->data, m->len);
	if (prio)
		*(unsigned *)prio = m->prio;
	r = (long)m->len;
	uni_kfree(m, sizeof *m + m->len);
	uni_wake(&q->wq);
	return r;
}

long sys_mq_getsetattr(long fd, long new, long old, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file || file->ops != &mq_ops)
		return -EBADF;
	struct mq *q = ((struct mqfile *)file->priv)->q;
	if (old)
		*(struct mq_attr *)old = (struct mq_attr){ .mq_flags = file->flags & O_NONBLOCK,
			.mq_maxmsg = q->maxmsg, .mq_msgsize = q->msgsize, .mq_curmsgs = q->count };
	if (new) {
		const struct mq_attr *a = (const struct mq_attr *)new;
		if (a->mq_flags & ~O_NONBLOCK)
			return -EINVAL;
		file->flags = (file->flags & ~O_NONBLOCK) | (int)(a->mq_flags & O_NONBLOCK);
	}
	return 0;
}

/* SIGEV_SIGNAL and SIGEV_NONE; SIGEV_THREAD (musl's goes through a netlink socket) is not. */
long sys_mq_notify(long fd, long sev, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file || file->ops != &mq_ops)
		return -EBADF;
	struct mq *q = ((struct mqfile *)file->priv)->q;
	const struct sigevent *s = (const struct sigevent *)sev;
	if (!s) {
		q->notify_sig = -1;
		return 0;
	}
	if (s->sigev_notify != SIGEV_SIGNAL && s->sigev_notify != SIGEV_NONE)
		return -EINVAL;
	if (s->sigev_notify == SIGEV_SIGNAL && (s->sigev_signo < 1 || s->sigev_signo > 64))
		return -EINVAL;
	if (q->notify_sig >= 0)
		return -EBUSY;
	q->notify_sig = s->sigev_notify == SIGEV_SIGNAL ? s->sigev_signo : 0;
	return 0;
}
