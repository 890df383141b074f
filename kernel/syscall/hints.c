/* Calls that advise or pin and have nothing to do here, checked as Linux checks them: memory
 * is all resident and never swapped (mlock, mincore; msync writes back only volume files,
 * fs/volume.c), files live in RAM (fadvise64,
 * readahead, sync_file_range), there is one scheduling policy (SCHED_OTHER, with a nice value
 * that is kept but not weighed) and one personality (PER_LINUX). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include "uni/fs.h"
#include "uni/volume.h"
#include "uni/mm.h"

#define PAGE 4096ul

long sys_mlock(long addr, long len, long c, long d, long e, long f)
{
	(void)addr, (void)len, (void)c, (void)d, (void)e, (void)f;
	return 0;
}

long sys_mlock2(long addr, long len, long flags, long d, long e, long f)
{
	(void)addr, (void)len, (void)d, (void)e, (void)f;
	return flags & ~MLOCK_ONFAULT ? -EINVAL : 0;
}

long sys_mlockall(long flags, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	return 0;
}

long sys_munlockall(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	return 0;
}

long sys_msync(long addr, long len, long flags, long d, long e, long f)
{
	(void)len, (void)d, (void)e, (void)f;
	if ((addr & (PAGE - 1)) || (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
	    (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
		return -EINVAL;
	/* Shared mappings of volume files go to the host (all of them: few programs map many). */
	return uni_vol_sync ? uni_vol_sync(NULL, 1) : 0;
}

/* Every mapped page is resident; a free (unmapped) one is ENOMEM, as on Linux. */
long sys_mincore(long addr, long len, long vec, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (addr & (PAGE - 1))
		return -EINVAL;
	unsigned char *v = (unsigned char *)vec;
	for (uint64_t p = (uint64_t)addr, i = 0; p < (uint64_t)addr + (uint64_t)len; p += PAGE, i++) {
		if (uni_mm_is_free(p, p + PAGE))
			return -ENOMEM;
		v[i] = 1;
	}
	return 0;
}

long sys_fadvise64(long fd, long off, long len, long advice, long e, long f)
{
	(void)off, (void)len, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file)
		return -EBADF;
	if (S_ISFIFO(file->inode->mode))
		return -ESPIPE;
	return advice < POSIX_FADV_NORMAL || advice > POSIX_FADV_NOREUSE ? -EINVAL : 0;
}

long sys_readahead(long fd, long off, long count, long d, long e, long f)
{
	(void)off, (void)count, (void)d, (void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file || (file->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	return S_ISREG(file->inode->mode) ? 0 : -EINVAL;
}

long sys_sync_file_range(long fd, long off, long n, long flags, long e, long f)
{
	(void)e, (void)f;
	struct uni_file *file = uni_fd_get((int)fd);
	if (!file)
		return -EBADF;
	if (off < 0 || n < 0 || (flags & ~(SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER)))
		return -EINVAL;
	return S_ISFIFO(file->inode->mode) ? -ESPIPE : 0;
}

/* The process (pid 1 or 0) and its threads share one nice value. */
static int nice_value;

long sys_getpriority(long which, long who, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (which != PRIO_PROCESS && which != PRIO_PGRP && which != PRIO_USER)
		return -EINVAL;
	return who < 0 ? -ESRCH : 20 - nice_value;   /* the raw call's form: 40..1 */
}

long sys_setpriority(long which, long who, long prio, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (which != PRIO_PROCESS && which != PRIO_PGRP && which != PRIO_USER)
		return -EINVAL;
	if (who < 0)
		return -ESRCH;
	nice_value = prio < -20 ? -20 : prio > 19 ? 19 : (int)prio;
	return 0;
}

static int normal_policy(long policy)
{
	return policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE;
}

long sys_sched_getscheduler(long pid, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return pid < 0 ? -EINVAL : SCHED_OTHER;
}

/* Real-time policies would need a priority scheduler: refused as for a process without
 * CAP_SYS_NICE. */
long sys_sched_setscheduler(long pid, long policy, long param, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (pid < 0 || !param)
		return -EINVAL;
	int prio = ((const struct sched_param *)param)->sched_priority;
	if (policy == SCHED_FIFO || policy == SCHED_RR)
		return prio < 1 || prio > 99 ? -EINVAL : -EPERM;
	return normal_policy(policy & ~SCHED_RESET_ON_FORK) && prio == 0 ? 0 : -EINVAL;
}

long sys_sched_getparam(long pid, long param, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (pid < 0 || !param)
		return -EINVAL;
	((struct sched_param *)param)->sched_priority = 0;
	return 0;
}

long sys_sched_setparam(long pid, long param, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (pid < 0 || !param)
		return -EINVAL;
	return ((const struct sched_param *)param)->sched_priority == 0 ? 0 : -EINVAL;
}

long sys_sched_get_priority_max(long policy, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return policy == SCHED_FIFO || policy == SCHED_RR ? 99 : normal_policy(policy) ? 0 : -EINVAL;
}

long sys_sched_get_priority_min(long policy, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return policy == SCHED_FIFO || policy == SCHED_RR ? 1 : normal_policy(policy) ? 0 : -EINVAL;
}

/* The scheduler's slice while another thread waits (sched/sched.c). */
long sys_sched_rr_get_interval(long pid, long ts, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (pid < 0)
		return -EINVAL;
	*(struct timespec *)ts = (struct timespec){ 0, 10 * 1000 * 1000 };
	return 0;
}

#define PER_LINUX 0
#define PER_QUERY 0xffffffffl

long sys_personality(long p, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return (p & PER_QUERY) == PER_QUERY || p == PER_LINUX ? PER_LINUX : -EINVAL;
}
