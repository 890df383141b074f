/* System V message queues inside the one process: typed messages queued in order, received
 * by type (first, exact, other than, or lowest up to), with waits for room or for a message
 * between threads; bounded by Linux's default limits (8 KiB a message, 16 KiB a queue). */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/msg.h>
#include <time.h>
#include "uni/cred.h"
#include "uni/kmem.h"
#include "uni/runtime.h"
#include "uni/wait.h"

#define NQUEUES 128
#define MSGMAX 8192
#define MSGMNB 16384
#define MSG_COPY 040000   /* Linux's; musl does not define it */

struct msg {
	struct msg *next;
	long type;
	size_t len;
	char text[];
};

static struct queue {
	int used, mode;
	key_t key;
	unsigned seq;              /* id = seq * NQUEUES + slot; bumped at removal */
	struct msg *head;
	size_t bytes, count, limit;
	time_t stime, rtime, ctime;
	struct uni_waitq wq;
} queues[NQUEUES];

static time_t now(void)
{
	return (time_t)(uni_clock_wall_ns() / 1000000000ull);
}

static struct queue *by_id(long id)
{
	if (id < 0)
		return NULL;
	struct queue *q = &queues[id % NQUEUES];
	return q->used && q->seq == (unsigned)(id / NQUEUES) ? q : NULL;
}

long sys_msgget(long key, long flags, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (key != IPC_PRIVATE)
		for (int i = 0; i < NQUEUES; i++) {
			struct queue *q = &queues[i];
			if (!q->used || q->key != (key_t)key)
				continue;
			if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
				return -EEXIST;
			return (long)q->seq * NQUEUES + i;
		}
	if (key != IPC_PRIVATE && !(flags & IPC_CREAT))
		return -ENOENT;
	int i = 0;
	while (i < NQUEUES && queues[i].used)
		i++;
	if (i == NQUEUES)
		return -ENOSPC;
	struct queue *q = &queues[i];
	q->used = 1;
	q->mode = (int)flags & 0777;
	q->key = (key_t)key;
	q->head = NULL;
	q->bytes = q->count = 0;
	q->limit = MSGMNB;
	q->stime = q->rtime = 0;
	q->ctime = now();
	return (long)q->seq * NQUEUES + i;
}

struct want {
	struct queue *q;
	unsigned seq;
	size_t len;      /* send: room needed */
	long type;       /* receive: msgrcv's type */
	int except;
};

static int has_room(void *arg)
{
	struct want *w = arg;
	return w->q->seq != w->seq || w->q->bytes + w->len <= w->q->limit;
}

/* The link to the message msgrcv's type selects, or NULL. */
static struct msg **find(struct queue *q, long type, int except)
{
	struct msg **best = NULL;
	for (struct msg **p = &q->head; *p; p = &(*p)->next) {
		long t = (*p)->type;
		if (type == 0 || (type > 0 && (except ? t != type : t == type)))
			return p;
		if (type < 0 && t <= -type && (!best || t < (*best)->type))
			best = p;
	}
	return best;
}

static int has_msg(void *arg)
{
	struct want *w = arg;
	return w->q->seq != w->seq || find(w->q, w->type, w->except);
}

/* Waits for cond unless IPC_NOWAIT (then 'none'); -EIDRM when the queue went away. */
static long wait_for(struct want *w, int (*cond)(void *), long flags, long none)
{
	if (cond(w))
		return 0;
	if (flags & IPC_NOWAIT)
		return none;
	int r = uni_wait(&w->q->wq, cond, w, 0);
	if (w->q->seq != w->seq)
		return -EIDRM;
	return r;
}

long sys_msgsnd(long id, long msgp, long size, long flags, long e, long f)
{
	(void)e, (void)f;
	struct queue *q = by_id(id);
	if (!q || size < 0 || size > MSGMAX)
		return -EINVAL;
	long type = *(const long *)msgp;
	if (type < 1)
		return -EINVAL;
	struct want w = { q, q->seq, (size_t)size, 0, 0 };
	long r = wait_for(&w, has_room, flags, -EAGAIN);
	if (r)
		return r;
	struct msg *m = uni_kalloc(sizeof *m + (size_t)size);
	if (!m)
		return -ENOMEM;
	m->type = type;
	m->len = (size_t)size;
	memcpy(m->text, (const char *)msgp + sizeof(long), (size_t)size);
	struct msg **tail = &q->head;
	while (*tail)
		tail = &(*tail)->next;
	*tail = m;
	q->bytes += (size_t)size;
	q->count++;
	q->stime = now();
	uni_wake(&q->wq);
	return 0;
}

long sys_msgrcv(long id, long msgp, long size, long type, long flags, long f)
{
	(void)f;
	struct queue *q = by_id(id);
	if (!q || size < 0)
		return -EINVAL;
	if (flags & MSG_COPY)
		return -ENOSYS;   /* as a Linux built without CONFIG_CHECKPOINT_RESTORE */
	struct want w = { q, q->seq, 0, type, (flags & MSG_EXCEPT) != 0 };
	long r = wait_for(&w, has_msg, flags, -ENOMSG);
	if (r)
		return r;
	struct msg **p = find(q, type, w.except), *m = *p;
	if (m->len > (size_t)size && !(flags & MSG_NOERROR))
		return -E2BIG;
	size_t n = m->len < (size_t)size ? m->len : (size_t)size;
	*(long *)msgp = m->type;
	memcpy((char *)msgp + sizeof(long), m->text, n);
	*p = m->next;
	q->bytes -= m->len;
	q->count--;
	q->rtime = now();
	uni_kfree(m, sizeof *m + m->len);
	uni_wake(&q->wq);
	return (long)n;
}

long sys_msgctl(long id, long cmd, long buf, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	struct queue *q = by_id(id);
	if (!q)
		return -EINVAL;
	struct msqid_ds *ds = (struct msqid_ds *)buf;
	switch (cmd & 0xff) {   /* IPC_64 may be or'ed in */
	case IPC_STAT:
		memset(ds, 0, sizeof *ds);
		ds->msg_perm.__ipc_perm_key = q->key;
		ds->msg_perm.uid = ds->msg_perm.cuid = uni_cred.euid;
		ds->msg_perm.gid = ds->msg_perm.cgid = uni_cred.egid;
		ds->msg_perm.mode = q->mode;
		ds->msg_stime = q->stime;
		ds->msg_rtime = q->rtime;
		ds->msg_ctime = q->ctime;
		ds->msg_cbytes = q->bytes;
		ds->msg_qnum = q->count;
		ds->msg_qbytes = q->limit;
		ds->msg_lspid = q->stime ? 1 : 0;
		ds->msg_lrpid = q->rtime ? 1 : 0;
		return 0;
	case IPC_SET:
		if (ds->msg_qbytes > MSGMNB && uni_cred.euid != 0)
			return -EPERM;
		q->mode = ds->msg_perm.mode & 0777;
		q->limit = ds->msg_qbytes;
		q->ctime = now();
		uni_wake(&q->wq);
		return 0;
	case IPC_RMID:
		while (q->head) {
			struct msg *m = q->head;
			q->head = m->next;
			uni_kfree(m, sizeof *m + m->len);
		}
		q->used = 0;
		q->seq++;
		uni_wake(&q->wq);   /* waiters return EIDRM */
		return 0;
	default:
		return -EINVAL;
	}
}
