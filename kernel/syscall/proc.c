/* Process and identity syscalls for the one process an image runs. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/cred.h"
#include "uni/fs.h"
#include "uni/runtime.h"

long sys_getpid(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	return 1;
}

long sys_getppid(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	return 0;
}

/* sethostname and setdomainname change what uname reports (not /etc/hostname). */
static char nodename[65] = "uni", domainname[65] = "(none)";

long sys_uname(long buf, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	struct utsname *u = (void *)buf;
	memset(u, 0, sizeof *u);
	/* Programs built for Linux test sysname; the release names the runtime. */
	strcpy(u->sysname, "Linux");
	strcpy(u->nodename, nodename);
	strcpy(u->release, "6.1.0-uni");
	strcpy(u->version, "#1 uni unikernel runtime");
	strcpy(u->machine, "x86_64");
	strcpy(u->domainname, domainname);
	return 0;
}

static long set_name(char *to, long name, long len)
{
	if (uni_cred.euid != 0)
		return -EPERM;
	if (len < 0 || len > 64)
		return -EINVAL;
	memcpy(to, (const void *)name, (size_t)len);
	to[len] = 0;
	return 0;
}

long sys_sethostname(long name, long len, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return set_name(nodename, name, len);
}

long sys_setdomainname(long name, long len, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return set_name(domainname, name, len);
}



long sys_arch_prctl(long code, long addr, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	switch (code) {
	case 0x1002:   /* ARCH_SET_FS */
		uni_set_fs((uint64_t)addr);
		return 0;
	case 0x1003:   /* ARCH_GET_FS */
		*(uint64_t *)addr = uni_get_fs();
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_getrandom(long buf, long len, long flags, long d, long e, long f)
{
	(void)flags, (void)d, (void)e, (void)f;
	if (len < 0)
		return -EINVAL;
	uni_random_bytes((void *)buf, (size_t)len);
	return len;
}


long sys_sched_getaffinity(long pid, long size, long mask, long d, long e, long f)
{
	(void)pid, (void)d, (void)e, (void)f;
	if (size < 8)
		return -EINVAL;
	memset((void *)mask, 0, (size_t)size);
	/* Every CPU the runtime runs on (sysconf(_SC_NPROCESSORS_ONLN) counts these). */
	for (int i = 0; i < uni_ncpus; i++)
		((unsigned char *)mask)[i / 8] |= (unsigned char)(1u << (i % 8));
	return 8;
}

long sys_sysinfo(long p, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	struct sysinfo *s = (void *)p;
	memset(s, 0, sizeof *s);
	s->uptime = (long)(uni_clock_since_start_ns() / 1000000000);
	s->totalram = uni_mm_total_bytes();
	s->freeram = uni_mm_free_bytes();
	s->procs = 1;
	s->mem_unit = 1;
	return 0;
}


static void note_once(const char *call, int *done)
{
	if (!*done) {
		*done = 1;
		uni_log("%s: an image runs one process; no new process or thread can be created", call);
	}
}

long sys_clone(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	static int done;
	note_once("clone", &done);
	return -EAGAIN;
}

long sys_no_process(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	static int done;
	note_once("fork/vfork/execve", &done);
	return -ENOSYS;
}

long sys_wait4(long a, long b, long c, long d, long e, long f)
{
	(void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
	return -ECHILD;
}

long sys_sched_setaffinity(long pid, long size, long mask, long d, long e, long f)
{
	(void)pid, (void)d, (void)e, (void)f;
	/* Accepted when it names a CPU the runtime runs on; threads still run on any CPU. */
	const unsigned char *m = (const void *)mask;
	for (int i = 0; i < uni_ncpus && i / 8 < size; i++)
		if (m[i / 8] >> (i % 8) & 1)
			return 0;
	return -EINVAL;
}

/* getcpu: the CPU the caller runs on now (sched_getcpu). */
long sys_getcpu(long cpu, long node, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (cpu)
		*(unsigned *)cpu = (unsigned)uni_cpu()->index;
	if (node)
		*(unsigned *)node = 0;
	return 0;
}

/* CPU time: the process never waits for another process, so its CPU time is the time
 * since it started less idle time; without idle accounting it is reported as time since the
 * runtime started. */
long sys_times(long buf, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	long ticks = (long)(uni_clock_since_start_ns() / 10000000);   /* CLK_TCK = 100 */
	if (buf)
		*(struct tms *)buf = (struct tms){ ticks, 0, 0, 0 };
	return ticks;
}

long sys_getrusage(long who, long buf, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	struct rusage *u = (void *)buf;
	memset(u, 0, sizeof *u);
	if (who != RUSAGE_CHILDREN) {
		uint64_t ns = uni_clock_since_start_ns();
		u->ru_utime = (struct timeval){ (time_t)(ns / 1000000000), (suseconds_t)(ns % 1000000000 / 1000) };
		/* The image plus the RAM handed out since boot (the stack is not counted). */
		extern char __image_start[], __image_end[];
		uint64_t image = (uint64_t)(__image_end - __image_start);
		u->ru_maxrss = (long)((image + uni_mm_total_bytes() - uni_mm_free_bytes()) / 1024);
	}
	return 0;
}
