/* Resource limits (getrlimit, setrlimit, prlimit64) with Linux's rules: a soft limit up to
 * the hard one, a hard limit raised only by a privileged (euid 0) caller, RLIMIT_NOFILE
 * capped by the descriptor table (fs/fd.c). RLIMIT_AS and RLIMIT_DATA are enforced by mmap,
 * mremap and brk against the RAM in use (mm/map.c); the rest are kept and reported. */
#include <errno.h>
#include <sys/resource.h>
#include "uni/boot.h"
#include "uni/cred.h"
#include "uni/fs.h"
#include "uni/runtime.h"

static struct rlimit limits[RLIM_NLIMITS];
static int limits_set;

/* Linux's defaults where they mean something here; the stack is the main stack's size, and
 * the address space and data limits start at the image's RAM. */
static void set_defaults(void)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		limits[i].rlim_cur = limits[i].rlim_max = RLIM_INFINITY;
	limits[RLIMIT_STACK].rlim_cur = limits[RLIMIT_STACK].rlim_max = uni_boot.stack_top - uni_boot.stack_bottom;
	limits[RLIMIT_AS].rlim_cur = limits[RLIMIT_AS].rlim_max = uni_mm_total_bytes();
	limits[RLIMIT_DATA] = limits[RLIMIT_AS];
	limits[RLIMIT_CORE].rlim_cur = 0;
	limits[RLIMIT_MEMLOCK].rlim_cur = limits[RLIMIT_MEMLOCK].rlim_max = 8 << 20;
	limits[RLIMIT_MSGQUEUE].rlim_cur = limits[RLIMIT_MSGQUEUE].rlim_max = 819200;
	limits[RLIMIT_NICE].rlim_cur = limits[RLIMIT_NICE].rlim_max = 0;
	limits[RLIMIT_RTPRIO].rlim_cur = limits[RLIMIT_RTPRIO].rlim_max = 0;
	limits_set = 1;
}

static struct rlimit *get(int res)
{
	if (!limits_set)
		set_defaults();
	if (res == RLIMIT_NOFILE) {
		limits[res].rlim_cur = uni_fd_limit();
		limits[res].rlim_max = uni_fd_limit_max();
	}
	return &limits[res];
}

uint64_t uni_rlimit_memory(void)
{
	uint64_t as = get(RLIMIT_AS)->rlim_cur, data = get(RLIMIT_DATA)->rlim_cur;
	return as < data ? as : data;
}

long sys_prlimit64(long pid, long res, long new, long old, long e, long f)
{
	(void)e, (void)f;
	if (pid != 0 && pid != 1)
		return -ESRCH;
	if (res < 0 || res >= RLIM_NLIMITS)
		return -EINVAL;
	struct rlimit *l = get((int)res), prev = *l;
	if (new) {
		const struct rlimit *n = (const void *)new;
		if (n->rlim_cur > n->rlim_max)
			return -EINVAL;
		if (n->rlim_max > l->rlim_max && uni_cred.euid != 0)
			return -EPERM;
		if (res == RLIMIT_NOFILE) {
			int r = uni_fd_set_limit(n->rlim_cur, n->rlim_max);
			if (r)
				return r;
		}
		*l = *n;
	}
	if (old)
		*(struct rlimit *)old = prev;
	return 0;
}

long sys_getrlimit(long res, long r, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return sys_prlimit64(0, res, 0, r, 0, 0);
}

long sys_setrlimit(long res, long r, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return sys_prlimit64(0, res, r, 0, 0, 0);
}
