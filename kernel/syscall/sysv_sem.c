/* System V semaphores inside the one process: sets of counters whose semop applies all its
 * operations at once or waits (on the set's queue) until it can, as Linux does between
 * processes; here between threads. SEM_UNDO has nothing to undo: the process's end is the
 * VM's. */
#include <errno.h>
#include <string.h>
#include <sys/sem.h>
#include <time.h>
#include "uni/cred.h"
#include "uni/kmem.h"
#include "uni/runtime.h"
#include "uni/wait.h"

#define NSETS 128
#define SEMMSL 32000   /* Linux's limits */
#define SEMOPM 500
#define SEMVMX 32767

static struct set {
	unsigned short *val;   /* NULL: the slot is free */
	int nsems, mode;
	key_t key;
	unsigned seq;          /* id = seq * NSETS + slot; bumped at removal */
	time_t otime, ctime;
	int ncnt, zcnt;        /* threads waiting for an increase, for zero: per set, not per semaphore */
	struct uni_waitq wq;
} sets[NSETS];

static time_t now(void)
{
	return (time_t)(uni_clock_wall_ns() / 1000000000ull);
}

static struct set *by_id(long id)
{
	if (id < 0)
		return NULL;
	struct set *s = &sets[id % NSETS];
	return s->val && s->seq == (unsigned)(id / NSETS) ? s : NULL;
}

long sys_semget(long key, long nsems, long flags, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (key != IPC_PRIVATE)
		for (int i = 0; i < NSETS; i++) {
			struct set *s = &sets[i];
			if (!s->val || s->key != (key_t)key)
				continue;
			if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
				return -EEXIST;
			return nsems > s->nsems ? -EINVAL : (long)s->seq * NSETS + i;
		}
	if (key != IPC_PRIVATE && !(flags & IPC_CREAT))
		return -ENOENT;
	if (nsems < 1 || nsems > SEMMSL)
		return -EINVAL;
	int i = 0;
	while (i < NSETS && sets[i].val)
		i++;
	if (i == NSETS)
		return -ENOSPC;
	struct set *s = &sets[i];
	if (!(s->val = uni_kalloc((size_t)nsems * sizeof *s->val)))
		return -ENOMEM;
	s->nsems = (int)nsems;
	s->mode = (int)flags & 0777;
	s->key = (key_t)key;
	s->otime = 0;
	s->ctime = now();
	return (long)s->seq * NSETS + i;
}

struct attempt {
	struct set *s;
	unsigned seq;
	const struct sembuf *ops;
	long n;
};

/* Whether all operations can be applied now, in order (one semaphore may appear twice). */
static int possible(const struct attempt *a)
{
	unsigned short v[SEMOPM];
	for (long i = 0; i < a->n; i++) {
		int k = a->ops[i].sem_num, j;
		for (j = 0; j < i && a->ops[j].sem_num != k; j++)
			;
		int cur = j < i ? v[j] : a->s->val[k];
		int op = a->ops[i].sem_op;
		if ((op == 0 && cur != 0) || cur + op < 0)
			return 0;
		v[i] = (unsigned short)(cur + op);
		for (j = 0; j < i; j++)
			if (a->ops[j].sem_num == k)
				v[j] = v[i];
	}
	return 1;
}

static int ready(void *arg)
{
	struct attempt *a = arg;
	return a->s->seq != a->seq || possible(a);
}

long sys_semtimedop(long id, long sops, long nsops, long timeout, long e, long f)
{
	(void)e, (void)f;
	struct set *s = by_id(id);
	const struct sembuf *ops = (const struct sembuf *)sops;
	if (nsops < 1)
		return -EINVAL;
	if (nsops > SEMOPM)
		return -E2BIG;
	if (!s)
		return -EINVAL;
	int nowait = 0, zero = 0;
	for (long i = 0; i < nsops; i++) {
		if (ops[i].sem_num >= s->nsems)
			return -EFBIG;
		if (ops[i].sem_flg & IPC_NOWAIT)
			nowait = 1;
		zero |= ops[i].sem_op == 0;
	}
	struct attempt a = { s, s->seq, ops, nsops };
	if (!possible(&a)) {
		if (nowait)
			return -EAGAIN;
		uint64_t deadline = 0;
		if (timeout) {
			const struct timespec *t = (const struct timespec *)timeout;
			if (t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= 1000000000)
				return -EINVAL;
			deadline = uni_clock_ns() + (uint64_t)t->tv_sec * 1000000000ull + (uint64_t)t->tv_nsec + 1;
		}
		int *count = zero ? &s->zcnt : &s->ncnt;
		++*count;
		int r = uni_wait(&s->wq, ready, &a, deadline);
		if (s->seq != a.seq)
			return -EIDRM;
		--*count;
		if (r)
			return r == -ETIMEDOUT ? -EAGAIN : r;
	}
	for (long i = 0; i < nsops; i++)
		s->val[ops[i].sem_num] = (unsigned short)(s->val[ops[i].sem_num] + ops[i].sem_op);
	s->otime = now();
	uni_wake(&s->wq);
	return 0;
}

long sys_semop(long id, long sops, long nsops, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return sys_semtimedop(id, sops, nsops, 0, 0, 0);
}

static long set_values(struct set *s, int from, int n, const unsigned short *v)
{
	for (int i = 0; i < n; i++)
		if (v[i] > SEMVMX)
			return -ERANGE;
	memcpy(s->val + from, v, (size_t)n * sizeof *v);
	s->ctime = now();
	uni_wake(&s->wq);
	return 0;
}

/* arg is semctl's fourth argument, union semun, passed by value (an int or a pointer). */
long sys_semctl(long id, long num, long cmd, long arg, long e, long f)
{
	(void)e, (void)f;
	struct set *s = by_id(id);
	if (!s)
		return -EINVAL;
	int c = (int)cmd & 0xff;   /* IPC_64 may be or'ed in */
	if ((c == GETVAL || c == SETVAL || c == GETPID || c == GETNCNT || c == GETZCNT) &&
	    (num < 0 || num >= s->nsems))
		return -EINVAL;
	switch (c) {
	case IPC_STAT: {
		struct semid_ds *ds = (struct semid_ds *)arg;
		memset(ds, 0, sizeof *ds);
		ds->sem_perm.__ipc_perm_key = s->key;
		ds->sem_perm.uid = ds->sem_perm.cuid = uni_cred.euid;
		ds->sem_perm.gid = ds->sem_perm.cgid = uni_cred.egid;
		ds->sem_perm.mode = s->mode;
		ds->sem_otime = s->otime;
		ds->sem_ctime = s->ctime;
		ds->sem_nsems = (unsigned short)s->nsems;
		return 0;
	}
	case IPC_SET:
		s->mode = ((struct semid_ds *)arg)->sem_perm.mode & 0777;
		s->ctime = now();
		return 0;
	case IPC_RMID:
		uni_kfree(s->val, (size_t)s->nsems * sizeof *s->val);
		s->val = NULL;
		s->seq++;
		s->ncnt = s->zcnt = 0;
		uni_wake(&s->wq);   /* waiters return EIDRM */
		return 0;
	case GETVAL:
		return s->val[num];
	case SETVAL: {
		unsigned short v = (unsigned short)arg;
		return (int)arg < 0 || (int)arg > SEMVMX ? -ERANGE : set_values(s, (int)num, 1, &v);
	}
	case GETALL:
		memcpy((void *)arg, s->val, (size_t)s->nsems * sizeof *s->val);
		return 0;
	case SETALL:
		return set_values(s, 0, s->nsems, (const unsigned short *)arg);
	case GETPID:
		return s->otime ? 1 : 0;
	case GETNCNT:
		return s->ncnt;
	case GETZCNT:
		return s->zcnt;
	default:
		return -EINVAL;
	}
}
