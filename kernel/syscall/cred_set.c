/* The credential setters (set*uid, set*gid, setfs*id, setgroups): linked into an image only
 * when its program calls one through libc (links/cred.S), as most programs never change IDs.
 * Root may take any ID, as on Linux; the others only one they already have. */
#include <errno.h>
#include <string.h>
#include "uni/cred.h"

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

long sys_setgroups(long size, long list, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (uni_cred.euid != 0)
		return -EPERM;
	if (size < 0 || size > UNI_NGROUPS_MAX)
		return -EINVAL;
	memcpy(uni_groups, (const void *)list, (size_t)size * sizeof *uni_groups);
	uni_ngroups = (int)size;
	return 0;
}
