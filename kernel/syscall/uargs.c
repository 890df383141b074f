/* Which syscall arguments are program pointers and how far each is read or written: checked
 * before the call runs (core/uaccess.c), so that a bad pointer fails it with EFAULT as on
 * Linux. Calls not listed use their pointers unchecked: a bad one still crashes the VM with
 * the runtime's own fault report. */
#include <errno.h>
#include <limits.h>
#include <sys/syscall.h>
#include "uni/uaccess.h"

enum kind { NONE, IN, OUT, STR, IN_OPT, OUT_OPT, STR_OPT };

/* Up to three pointer arguments: arg is the pointer's index; the size is 'size' bytes, or,
 * when len_arg > 0, args[len_arg - 1] elements of 'size' bytes. */
struct ptr { unsigned char kind, arg, len_arg; unsigned short size; };
struct spec { struct ptr p[3]; };

#define P(k, a, s) { k, a, 0, s }
#define PN(k, a, n, s) { k, a, (n) + 1, s }
#define S(a) { STR, a, 0, 0 }

/* struct sizes of the x86_64 Linux ABI */
#define STAT 144
#define TIMESPEC 16
#define TIMEVAL 16
#define SIGACT 32          /* struct k_sigaction: handler, flags, restorer, mask */
#define STACK_T 24
#define STATFS 120
#define STATX 256
#define RLIMIT 16
#define IOVEC 16
#define POLLFD 8
#define EPOLL_EVENT 12
#define UTSNAME 390
#define SYSINFO 112
#define RUSAGE 144
#define TMS 32

static const struct spec specs[] = {
	[SYS_read] = { { PN(OUT, 1, 2, 1) } },
	[SYS_write] = { { PN(IN, 1, 2, 1) } },
	[SYS_pread64] = { { PN(OUT, 1, 2, 1) } },
	[SYS_pwrite64] = { { PN(IN, 1, 2, 1) } },
	[SYS_readv] = { { PN(IN, 1, 2, IOVEC) } },
	[SYS_writev] = { { PN(IN, 1, 2, IOVEC) } },
	[SYS_open] = { { S(0) } },
	[SYS_creat] = { { S(0) } },
	[SYS_openat] = { { S(1) } },
	[SYS_stat] = { { S(0), P(OUT, 1, STAT) } },
	[SYS_lstat] = { { S(0), P(OUT, 1, STAT) } },
	[SYS_fstat] = { { P(OUT, 1, STAT) } },
	[SYS_newfstatat] = { { S(1), P(OUT, 2, STAT) } },
	[SYS_statx] = { { S(1), P(OUT, 4, STATX) } },
	[SYS_statfs] = { { S(0), P(OUT, 1, STATFS) } },
	[SYS_fstatfs] = { { P(OUT, 1, STATFS) } },
	[SYS_access] = { { S(0) } },
	[SYS_faccessat] = { { S(1) } },
	[SYS_faccessat2] = { { S(1) } },
	[SYS_chdir] = { { S(0) } },
	[SYS_getcwd] = { { PN(OUT, 0, 1, 1) } },
	[SYS_mkdir] = { { S(0) } },
	[SYS_mkdirat] = { { S(1) } },
	[SYS_rmdir] = { { S(0) } },
	[SYS_unlink] = { { S(0) } },
	[SYS_unlinkat] = { { S(1) } },
	[SYS_rename] = { { S(0), S(1) } },
	[SYS_renameat] = { { S(1), S(3) } },
	[SYS_renameat2] = { { S(1), S(3) } },
	[SYS_link] = { { S(0), S(1) } },
	[SYS_linkat] = { { S(1), S(3) } },
	[SYS_symlink] = { { S(0), S(1) } },
	[SYS_symlinkat] = { { S(0), S(2) } },
	[SYS_readlink] = { { S(0), PN(OUT, 1, 2, 1) } },
	[SYS_readlinkat] = { { S(1), PN(OUT, 2, 3, 1) } },
	[SYS_chmod] = { { S(0) } },
	[SYS_fchmodat] = { { S(1) } },
	[SYS_chown] = { { S(0) } },
	[SYS_lchown] = { { S(0) } },
	[SYS_fchownat] = { { S(1) } },
	[SYS_truncate] = { { S(0) } },
	[SYS_utimensat] = { { { STR_OPT, 1, 0, 0 }, P(IN_OPT, 2, 2 * TIMESPEC) } },
	[SYS_getdents64] = { { PN(OUT, 1, 2, 1) } },
	[SYS_pipe] = { { P(OUT, 0, 8) } },
	[SYS_pipe2] = { { P(OUT, 0, 8) } },
	[SYS_poll] = { { PN(OUT, 0, 1, POLLFD) } },
	[SYS_epoll_wait] = { { PN(OUT, 1, 2, EPOLL_EVENT) } },
	[SYS_epoll_pwait] = { { PN(OUT, 1, 2, EPOLL_EVENT), P(IN_OPT, 4, 8) } },
	[SYS_epoll_ctl] = { { P(IN_OPT, 3, EPOLL_EVENT) } },
	/* The time left is written only when a signal cuts the sleep short: checked then
	 * (syscall/thread.c), as Linux does. */
	[SYS_nanosleep] = { { P(IN, 0, TIMESPEC) } },
	[SYS_clock_nanosleep] = { { P(IN, 2, TIMESPEC) } },
	[SYS_clock_gettime] = { { P(OUT, 1, TIMESPEC) } },
	[SYS_rt_sigqueueinfo] = { { P(IN, 2, 128) } },
	[SYS_rt_tgsigqueueinfo] = { { P(IN, 3, 128) } },
	[SYS_get_robust_list] = { { P(OUT, 1, 8), P(OUT, 2, 8) } },
	[SYS_clock_getres] = { { P(OUT_OPT, 1, TIMESPEC) } },
	[SYS_gettimeofday] = { { P(OUT_OPT, 0, TIMEVAL) } },
	[SYS_time] = { { P(OUT_OPT, 0, 8) } },
	[SYS_rt_sigaction] = { { P(IN_OPT, 1, SIGACT), P(OUT_OPT, 2, SIGACT) } },
	[SYS_rt_sigprocmask] = { { P(IN_OPT, 1, 8), P(OUT_OPT, 2, 8) } },
	[SYS_rt_sigpending] = { { P(OUT, 0, 8) } },
	[SYS_rt_sigsuspend] = { { P(IN, 0, 8) } },
	[SYS_sigaltstack] = { { P(IN_OPT, 0, STACK_T), P(OUT_OPT, 1, STACK_T) } },
	[SYS_uname] = { { P(OUT, 0, UTSNAME) } },
	[SYS_sysinfo] = { { P(OUT, 0, SYSINFO) } },
	[SYS_getrusage] = { { P(OUT, 1, RUSAGE) } },
	[SYS_times] = { { P(OUT_OPT, 0, TMS) } },
	[SYS_getrlimit] = { { P(OUT, 1, RLIMIT) } },
	[SYS_setrlimit] = { { P(IN, 1, RLIMIT) } },
	[SYS_prlimit64] = { { P(IN_OPT, 2, RLIMIT), P(OUT_OPT, 3, RLIMIT) } },
	[SYS_getrandom] = { { PN(OUT, 0, 1, 1) } },
	[SYS_sched_getaffinity] = { { PN(OUT, 2, 1, 1) } },
};

long uni_syscall_check_args(long n, const long *args)
{
	if (n < 0 || n >= (long)(sizeof specs / sizeof specs[0]))
		return 0;
	for (int i = 0; i < 3 && specs[n].p[i].kind != NONE; i++) {
		const struct ptr *p = &specs[n].p[i];
		const void *a = (const void *)args[p->arg];
		unsigned long len = p->len_arg ? (unsigned long)args[p->len_arg - 1] : 1;
		long r;
		if (!a && (p->kind == IN_OPT || p->kind == OUT_OPT || p->kind == STR_OPT))
			continue;
		if (p->kind == STR || p->kind == STR_OPT)
			r = uni_user_string(a, PATH_MAX);
		else if (p->len_arg && len > (1ul << 40) / p->size)
			r = 0;   /* an absurd count: the call itself rejects it (EINVAL, ENOMEM) */
		else
			r = uni_user_check(a, len * p->size, p->kind == OUT || p->kind == OUT_OPT);
		if (r)
			return r;
	}
	return 0;
}
