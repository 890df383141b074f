/* System V shared memory inside the one process: shmget allocates a zeroed segment from the
 * page allocator, shmat returns it (attached twice, it is the same address: one process has
 * one view), shmdt and IPC_RMID free it once it is removed and detached everywhere. */
#include <errno.h>
#include <string.h>
#include <sys/shm.h>
#include "uni/cred.h"
#include "uni/mm.h"
#include "uni/runtime.h"

#define NSEG 128
#define SHM_MAX (1ull << 40)

static struct seg {
	void *mem;           /* NULL: the slot is free */
	key_t key;
	size_t size;
	int mode, attached, removed;
	unsigned seq;        /* ids of a reused slot differ: id = seq * NSEG + slot */
	time_t atime, dtime, ctime;
} segs[NSEG];

static time_t now(void)
{
	return (time_t)(uni_clock_wall_ns() / 1000000000ull);
}

static struct seg *by_id(long id)
{
	if (id < 0)
		return NULL;
	struct seg *s = &segs[id % NSEG];
	return s->mem && s->seq == (unsigned)(id / NSEG) ? s : NULL;
}

static long id_of(const struct seg *s)
{
	return (long)s->seq * NSEG + (s - segs);
}

static void release(struct seg *s)
{
	uni_mm_free(s->mem, UNI_PAGE_UP(s->size));
	s->mem = NULL;
	s->seq++;
}

long sys_shmget(long key, long size, long flags, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (key != IPC_PRIVATE)
		for (int i = 0; i < NSEG; i++) {
			struct seg *s = &segs[i];
			if (!s->mem || s->removed || s->key != (key_t)key)
				continue;
			if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
				return -EEXIST;
			return (size_t)size > s->size ? -EINVAL : id_of(s);
		}
	if (key != IPC_PRIVATE && !(flags & IPC_CREAT))
		return -ENOENT;
	if (size < 1 || (uint64_t)size > SHM_MAX)
		return -EINVAL;
	struct seg *s = segs;
	while (s < segs + NSEG && s->mem)
		s++;
	if (s == segs + NSEG)
		return -ENOSPC;
	if (!(s->mem = uni_mm_alloc(UNI_PAGE_UP(size))))
		return -ENOMEM;
	s->key = (key_t)key;
	s->size = (size_t)size;
	s->mode = (int)flags & 0777;
	s->attached = s->removed = 0;
	s->atime = s->dtime = 0;
	s->ctime = now();
	return id_of(s);
}

long sys_shmat(long id, long addr, long flags, long d, long e, long f)
{
	(void)flags, (void)d, (void)e, (void)f;
	struct seg *s = by_id(id);
	if (!s)
		return -EINVAL;
	if (addr && addr != (long)s->mem)
		return -EINVAL;   /* the segment lies where it was allocated */
	s->attached++;
	s->atime = now();
	return (long)s->mem;
}

long sys_shmdt(long addr, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	for (int i = 0; i < NSEG; i++) {
		struct seg *s = &segs[i];
		if (!s->mem || s->mem != (void *)addr || !s->attached)
			continue;
		s->attached--;
		s->dtime = now();
		if (s->removed && !s->attached)
			release(s);
		return 0;
	}
	return -EINVAL;
}

long sys_shmctl(long id, long cmd, long buf, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	struct seg *s = by_id(id);
	if (!s)
		return -EINVAL;
	struct shmid_ds *ds = (struct shmid_ds *)buf;
	switch (cmd & 0xff) {   /* IPC_64 may be or'ed in */
	case IPC_STAT:
		memset(ds, 0, sizeof *ds);
		ds->shm_perm.__ipc_perm_key = s->key;
		ds->shm_perm.uid = ds->shm_perm.cuid = uni_cred.euid;
		ds->shm_perm.gid = ds->shm_perm.cgid = uni_cred.egid;
		ds->shm_perm.mode = s->mode | (s->removed ? SHM_DEST : 0);
		ds->shm_segsz = s->size;
		ds->shm_atime = s->atime;
		ds->shm_dtime = s->dtime;
		ds->shm_ctime = s->ctime;
		ds->shm_cpid = ds->shm_lpid = 1;
		ds->shm_nattch = (shmatt_t)s->attached;
		return 0;
	case IPC_SET:
		s->mode = ds->shm_perm.mode & 0777;
		s->ctime = now();
		return 0;
	case IPC_RMID:
		s->removed = 1;
		s->key = IPC_PRIVATE;
		if (!s->attached)
			release(s);
		return 0;
	case SHM_LOCK: case SHM_UNLOCK:
		return 0;   /* all memory stays resident */
	default:
		return -EINVAL;
	}
}
