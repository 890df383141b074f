/* Credentials of the one process: real, effective, saved and filesystem user and group IDs,
 * supplementary groups, process group and session (the process is pid 1, leader of both),
 * and capabilities (all of them while the effective user is root). Root may take any ID, as
 * on Linux; a server that drops privileges sees them dropped. The filesystem does not check
 * permissions against them. */
#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include "uni/cred.h"

#define NGROUPS 64

struct uni_cred uni_cred;   /* all 0: root */
static gid_t groups[NGROUPS];
static int ngroups;

/* Whether id may become one of the three (unchanged: -1): root, or one it already has. */
static int allowed(long id, unsigned r, unsigned e, unsigned s)
{
	return id == -1 || uni_cred.euid == 0 || (unsigned)id == r || (unsigned)id == e || (unsigned)id == s;
}

/* setresuid/setresgid for both: -1 keeps a value; the fs ID follows the effective one. */
static long set_ids(unsigned *ids, long r, long e, long s)
{
	if (!allowed(r, ids[0], ids[1], ids[2]) || !allowed(e, ids[0], ids[1], ids[2]) ||
	    !allowed(s, ids[0], ids[1], ids[2]))
		return -EPERM;
	if (r != -1)
		ids[0] = (unsigned)r;
	if (e != -1)
		ids[1] = (unsigned)e;
	if (s != -1)
		ids[2] = (unsigned)s;
	ids[3] = ids[1];
	return 0;
}

long sys_setresuid(long r, long e, long s, long d, long x, long f)
{
	(void)d, (void)x, (void)f;
	return set_ids(&uni_cred.ruid, (int)r, (int)e, (int)s);
}

long sys_setresgid(long r, long e, long s, long d, long x, long f)
{
	(void)d, (void)x, (void)f;
	return set_ids(&uni_cred.rgid, (int)r, (int)e, (int)s);
}

/* setreuid: the real ID may become the effective one; a changed real ID, or an effective
 * one other than the old real, also sets the saved one. */
static long set_re(unsigned *ids, long r, long e)
{
	r = (int)r, e = (int)e;
	if (!(r == -1 || uni_cred.euid == 0 || (unsigned)r == ids[0] || (unsigned)r == ids[1]) ||
	    !allowed(e, ids[0], ids[1], ids[2]))
		return -EPERM;
	long s = r != -1 || (e != -1 && (unsigned)e != ids[0]) ? (e != -1 ? e : (long)ids[1]) : -1;
	return set_ids(ids, r, e, s);
}

long sys_setreuid(long r, long e, long c, long d, long x, long f)
{
	(void)c, (void)d, (void)x, (void)f;
	return set_re(&uni_cred.ruid, r, e);
}

long sys_setregid(long r, long e, long c, long d, long x, long f)
{
	(void)c, (void)d, (void)x, (void)f;
	return set_re(&uni_cred.rgid, r, e);
}

/* setuid: root sets all three; others only the effective one, to the real or saved ID. */
long sys_setuid(long id, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return uni_cred.euid == 0 ? sys_setresuid(id, id, id, 0, 0, 0) : sys_setresuid(-1, id, -1, 0, 0, 0);
}

long sys_setgid(long id, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	return uni_cred.euid == 0 ? sys_setresgid(id, id, id, 0, 0, 0) : sys_setresgid(-1, id, -1, 0, 0, 0);
}

/* setfsuid/setfsgid return the previous value whether or not the change was allowed. */
long sys_setfsuid(long id, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	unsigned old = uni_cred.fsuid;
	if (allowed((int)id, uni_cred.ruid, uni_cred.euid, uni_cred.suid) && (int)id != -1)
		uni_cred.fsuid = (unsigned)id;
	return old;
}

long sys_setfsgid(long id, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	unsigned old = uni_cred.fsgid;
	if ((uni_cred.euid == 0 || (unsigned)id == uni_cred.rgid || (unsigned)id == uni_cred.egid ||
	     (unsigned)id == uni_cred.sgid) && (int)id != -1)
		uni_cred.fsgid = (unsigned)id;
	return old;
}

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
		return ngroups;
	if (size < ngroups)
		return -EINVAL;
	memcpy((void *)list, groups, (size_t)ngroups * sizeof *groups);
	return ngroups;
}

long sys_setgroups(long size, long list, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (uni_cred.euid != 0)
		return -EPERM;
	if (size < 0 || size > NGROUPS)
		return -EINVAL;
	memcpy(groups, (const void *)list, (size_t)size * sizeof *groups);
	ngroups = (int)size;
	return 0;
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
