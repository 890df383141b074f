/* Credentials of the one process: real, effective, saved and filesystem user and group IDs,
 * supplementary groups, process group and session (the process is pid 1, leader of both),
 * and capabilities (all of them while the effective user is root). Root may take any ID, as
 * on Linux; a server that drops privileges sees them dropped. The filesystem does not check
 * permissions against them. The setters are in cred_set.c, which an image links only when its
 * program calls one (syscall/table.h: LINKED_SYSCALL). */
#include <errno.h>
#include <string.h>
#include "uni/cred.h"

struct uni_cred uni_cred;   /* all 0: root */
unsigned uni_groups[UNI_NGROUPS_MAX];
int uni_ngroups;

static long get3(const unsigned *ids, long r, long e, long s)
{
	*(unsigned *)r = ids[0];
	*(unsigned *)e = ids[1];
	*(unsigned *)s = ids[2];
	return 0;
}

long sys_getresuid(long r, long e, long s, long d, long x, long f)
{
	(void)d, (void)x, (void)f;
	return get3(&uni_cred.ruid, r, e, s);
}

long sys_getresgid(long r, long e, long s, long d, long x, long f)
{
	(void)d, (void)x, (void)f;
	return get3(&uni_cred.rgid, r, e, s);
}

#define GETTER(fn, field) \
	long fn(long a, long b, long c, long d, long e, long f) \
	{ \
		(void)a, (void)b, (void)c, (void)d, (void)e, (void)f; \
		return uni_cred.field; \
	}
GETTER(sys_getuid, ruid)
GETTER(sys_geteuid, euid)
GETTER(sys_getgid, rgid)
GETTER(sys_getegid, egid)

long sys_getgroups(long size, long list, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return uni_ngroups;
	if (size < uni_ngroups)
		return -EINVAL;
	memcpy((void *)list, uni_groups, (size_t)uni_ngroups * sizeof *uni_groups);
	return uni_ngroups;
}

/* The process is pid 1, its own process group and session: 0 and 1 both name it. */
static int self(long pid)
{
	return pid == 0 || pid == 1;
}

long sys_getpgid(long pid, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return self(pid) ? 1 : -ESRCH;
}

long sys_getpgrp(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	return 1;
}

long sys_getsid(long pid, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return self(pid) ? 1 : -ESRCH;
}

long sys_setpgid(long pid, long pgid, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (pgid < 0)
		return -EINVAL;
	if (!self(pid))
		return -ESRCH;
	return self(pgid) ? 0 : -EPERM;
}

/* As Linux for a process group leader: it cannot start a new session. */
long sys_setsid(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	return -EPERM;
}

#define CAP_V1 0x19980330
#define CAP_V2 0x20071026
#define CAP_V3 0x20080522
#define CAP_LAST 40   /* CAP_CHECKPOINT_RESTORE */

struct cap_header { uint32_t version; int pid; };
struct cap_data { uint32_t effective, permitted, inheritable; };

long sys_capget(long hdr, long data, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	struct cap_header *h = (void *)hdr;
	int words = h->version == CAP_V1 ? 1 : h->version == CAP_V2 || h->version == CAP_V3 ? 2 : 0;
	if (!words) {
		h->version = CAP_V3;
		return -EINVAL;
	}
	if (!self(h->pid))
		return -ESRCH;
	if (!data)
		return 0;
	struct cap_data *out = (void *)data;
	uint64_t all = uni_cred.euid == 0 ? (2ull << CAP_LAST) - 1 : 0;
	for (int i = 0; i < words; i++)
		out[i] = (struct cap_data){ (uint32_t)(all >> 32 * i), (uint32_t)(all >> 32 * i), 0 };
	return 0;
}
