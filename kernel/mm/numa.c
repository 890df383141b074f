/* NUMA memory policy calls (OpenBLAS binds its buffers): an image's RAM is one node, so every
 * valid policy already holds; invalid arguments get Linux's EINVAL. */
#include <errno.h>
#include <string.h>

enum { MPOL_MAX = 6, MPOL_MODE_FLAGS = 7 << 13, MPOL_F_NODE = 1, MPOL_F_ADDR = 2, MPOL_F_MEMS_ALLOWED = 4 };

static int valid_mode(long mode)
{
	return (mode & ~MPOL_MODE_FLAGS) >= 0 && (mode & ~MPOL_MODE_FLAGS) < MPOL_MAX;
}

long sys_mbind(long addr, long len, long mode, long nodemask, long maxnode, long flags)
{
	(void)len, (void)nodemask, (void)maxnode, (void)flags;
	if ((addr & 0xfff) || !valid_mode(mode))
		return -EINVAL;
	return 0;
}

long sys_set_mempolicy(long mode, long nodemask, long maxnode, long d, long e, long f)
{
	(void)nodemask, (void)maxnode, (void)d, (void)e, (void)f;
	return valid_mode(mode) ? 0 : -EINVAL;
}

/* The policy is MPOL_DEFAULT (whose node set is empty, as Linux reports it), the allowed nodes
 * are node 0, and every address is on node 0. */
long sys_get_mempolicy(long mode, long nodemask, long maxnode, long addr, long flags, long f)
{
	(void)addr, (void)f;
	if (flags & ~(long)(MPOL_F_NODE | MPOL_F_ADDR | MPOL_F_MEMS_ALLOWED))
		return -EINVAL;
	if (mode)
		*(int *)mode = 0;
	if (nodemask && maxnode > 0) {
		memset((void *)nodemask, 0, (size_t)(maxnode + 63) / 64 * 8);
		if (flags & MPOL_F_MEMS_ALLOWED)
			*(unsigned long *)nodemask = 1;
	}
	return 0;
}
