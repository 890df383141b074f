/* The syscall trace (uni-run --trace): after each call the program makes, one line on stderr in
 * strace's form, "name(arguments) = result" or "= -1 ENAME", prefixed UNI_TRACE_PREFIX so that
 * uni-run can send the lines to a file. Arguments are decoded for the common calls (strings,
 * buffers, descriptors), shown in hex for the rest. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include "uni/abi.h"
#include "uni/console.h"
#include "uni/sched.h"
#include "uni/uaccess.h"

int uni_trace_on;

/* One letter per argument: f descriptor, d signed, u unsigned, x hex, o octal, p pointer,
 * s string, w buffer of the next argument's length (written by the program), r buffer of the
 * result's length (filled by the call), v iovec array of the next argument's count (written). */
static const struct { unsigned short nr; char letters[7]; } sig[] = {
	{ SYS_read, "fru" }, { SYS_write, "fwu" }, { SYS_pread64, "frud" },
	{ SYS_pwrite64, "fwud" }, { SYS_readv, "fpd" }, { SYS_writev, "fvd" }, { SYS_open, "sxo" },
	{ SYS_openat, "fsxo" }, { SYS_close, "f" }, { SYS_fstat, "fp" }, { SYS_stat, "sp" },
	{ SYS_lstat, "sp" }, { SYS_newfstatat, "fspx" }, { SYS_statx, "fsxxp" },
	{ SYS_lseek, "fdd" }, { SYS_ioctl, "fxp" }, { SYS_fcntl, "fdx" }, { SYS_access, "so" },
	{ SYS_faccessat, "fso" }, { SYS_getcwd, "pu" }, { SYS_chdir, "s" }, { SYS_mkdir, "so" },
	{ SYS_mkdirat, "fso" }, { SYS_rmdir, "s" }, { SYS_unlink, "s" }, { SYS_unlinkat, "fsx" },
	{ SYS_rename, "ss" }, { SYS_renameat, "fsfs" }, { SYS_readlink, "spu" },
	{ SYS_readlinkat, "fspu" }, { SYS_getdents64, "fpu" }, { SYS_dup, "f" },
	{ SYS_dup2, "ff" }, { SYS_dup3, "ffx" }, { SYS_pipe, "p" }, { SYS_pipe2, "px" },
	{ SYS_mmap, "puxxfd" }, { SYS_munmap, "pu" }, { SYS_mprotect, "pux" },
	{ SYS_mremap, "puuxp" }, { SYS_brk, "p" }, { SYS_madvise, "pud" },
	{ SYS_clock_gettime, "dp" }, { SYS_gettimeofday, "pp" }, { SYS_nanosleep, "pp" },
	{ SYS_clock_nanosleep, "dxpp" }, { SYS_rt_sigaction, "dppu" },
	{ SYS_rt_sigprocmask, "dppu" }, { SYS_rt_sigsuspend, "pu" }, { SYS_kill, "dd" },
	{ SYS_tkill, "dd" }, { SYS_tgkill, "ddd" }, { SYS_exit, "d" }, { SYS_exit_group, "d" },
	{ SYS_getpid, "" }, { SYS_getppid, "" }, { SYS_gettid, "" }, { SYS_getuid, "" },
	{ SYS_geteuid, "" }, { SYS_getgid, "" }, { SYS_getegid, "" }, { SYS_sched_yield, "" },
	{ SYS_pause, "" }, { SYS_uname, "p" }, { SYS_set_tid_address, "p" },
	{ SYS_arch_prctl, "dx" }, { SYS_prlimit64, "ddpp" }, { SYS_getrandom, "pux" },
	{ SYS_futex, "pdxppd" }, { SYS_clone, "xpppp" }, { SYS_poll, "pud" },
	{ SYS_ppoll, "puppu" }, { SYS_select, "dpppp" }, { SYS_epoll_create1, "x" },
	{ SYS_epoll_ctl, "fdfp" }, { SYS_epoll_wait, "fpdd" }, { SYS_epoll_pwait, "fpddpu" },
	{ SYS_eventfd2, "ux" }, { SYS_socket, "ddd" }, { SYS_bind, "fpu" }, { SYS_listen, "fd" },
	{ SYS_accept, "fpp" }, { SYS_accept4, "fppx" }, { SYS_connect, "fpu" },
	{ SYS_sendto, "fwuxpu" }, { SYS_recvfrom, "fruxpp" }, { SYS_sendmsg, "fpx" },
	{ SYS_recvmsg, "fpx" }, { SYS_shutdown, "fd" }, { SYS_setsockopt, "fddpu" },
	{ SYS_getsockopt, "fddpp" }, { SYS_ftruncate, "fd" }, { SYS_fsync, "f" },
	{ SYS_umask, "o" }, { SYS_sendfile, "ffpu" }, { SYS_sysinfo, "p" },
	{ SYS_getrlimit, "dp" }, { SYS_setrlimit, "dp" }, { SYS_sigaltstack, "pp" },
	{ SYS_prctl, "dxxxx" }, { SYS_fchdir, "f" }, { SYS_chmod, "so" }, { SYS_fchmod, "fo" },
	{ SYS_symlink, "ss" }, { SYS_link, "ss" }, { SYS_truncate, "sd" },
};

/* errno names for the result (E? for the others): one string blob and the errnos in its
 * order, a byte each; a name is found by skipping the ones before it. */
#define ERRNO_NAMES(X) \
	X(EPERM) X(ENOENT) X(ESRCH) X(EINTR) X(EIO) X(ENXIO) X(E2BIG) X(ENOEXEC) X(EBADF) \
	X(ECHILD) X(EAGAIN) X(ENOMEM) X(EACCES) X(EFAULT) X(EBUSY) X(EEXIST) X(EXDEV) X(ENODEV) \
	X(ENOTDIR) X(EISDIR) X(EINVAL) X(ENFILE) X(EMFILE) X(ENOTTY) X(EFBIG) X(ENOSPC) \
	X(ESPIPE) X(EROFS) X(EMLINK) X(EPIPE) X(EDOM) X(ERANGE) X(EDEADLK) X(ENAMETOOLONG) \
	X(ENOSYS) X(ENOTEMPTY) X(ELOOP) X(ENOTSOCK) X(EOPNOTSUPP) X(EADDRINUSE) \
	X(EADDRNOTAVAIL) X(ENETUNREACH) X(ECONNABORTED) X(ECONNRESET) X(EISCONN) X(ENOTCONN) \
	X(ETIMEDOUT) X(ECONNREFUSED) X(EINPROGRESS) X(EALREADY)
struct errno_names {
#define ERRNO_FIELD(e) char name_##e[sizeof #e];
	ERRNO_NAMES(ERRNO_FIELD)
#undef ERRNO_FIELD
};
static const struct errno_names ename_blob = {
#define ERRNO_TEXT(e) #e,
	ERRNO_NAMES(ERRNO_TEXT)
#undef ERRNO_TEXT
};
static const unsigned char ename_errno[] = {
#define ERRNO_VALUE(e) e,
	ERRNO_NAMES(ERRNO_VALUE)
#undef ERRNO_VALUE
};

const char *uni_errno_name(long e)
{
	const char *name = (const char *)&ename_blob;
	for (unsigned i = 0; i < sizeof ename_errno; i++, name += strlen(name) + 1)
		if (ename_errno[i] == e)
			return name;
	return "E?";
}

struct line {
	char s[512];
	size_t n;
};

static void add(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(l->s + l->n, sizeof l->s - l->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		l->n = l->n + (size_t)k < sizeof l->s ? l->n + (size_t)k : sizeof l->s - 1;
}

/* Up to max bytes at p, quoted with C escapes; "..." when there are more. Readable only. */
static void quoted(struct line *l, const char *p, size_t len, size_t max)
{
	if (!p || uni_user_check(p, len < max ? len : max, 0)) {
		add(l, "%p", (const void *)p);
		return;
	}
	add(l, "\"");
	for (size_t i = 0; i < len && i < max; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\n')
			add(l, "\\n");
		else if (c == '\t')
			add(l, "\\t");
		else if (c == '"' || c == '\\')
			add(l, "\\%c", c);
		else if (c < 32 || c > 126)
			add(l, "\\%o", c);
		else
			add(l, "%c", c);
	}
	add(l, len > max ? "\"..." : "\"");
}


/* The first iovecs of a gather write as strace shows them, each buffer's start quoted. */
static void iovecs(struct line *l, const struct iovec *v, long n)
{
	if (n < 0 || uni_user_check(v, (size_t)n * sizeof *v, 0)) {
		add(l, "%p", (const void *)v);
		return;
	}
	add(l, "[");
	for (long k = 0; k < n && k < 4; k++) {
		add(l, "%s{iov_base=", k ? ", " : "");
		quoted(l, v[k].iov_base, v[k].iov_len, 32);
		add(l, ", iov_len=%zu}", v[k].iov_len);
	}
	add(l, n > 4 ? ", ...]" : "]");
}

/* The call's argument letters, else NULL: a search, as only a traced call asks. */
static const char *letters(long n)
{
	for (size_t i = 0; i < sizeof sig / sizeof *sig; i++)
		if (sig[i].nr == n)
			return sig[i].letters;
	return NULL;
}

void uni_trace_syscall(const char *name, long n, const long *a, long r, int done)
{
	struct line l = { .n = 0 };
	add(&l, "%s", UNI_TRACE_PREFIX);
	int tid = uni_current->tid;
	if (tid != 1)
		add(&l, "[tid %d] ", tid);   /* as strace -f marks the calls of other threads */
	if (name)
		add(&l, "%s(", name);
	else
		add(&l, "syscall_%ld(", n);
	const char *s = letters(n);
	int nargs = s ? (int)strlen(s) : 6;
	for (int i = 0; i < nargs; i++) {
		char t = s ? s[i] : 'x';
		long v = a[i];
		if (i)
			add(&l, ", ");
		switch (t) {
		case 'f': if (v == -100) add(&l, "AT_FDCWD"); else add(&l, "%ld", v); break;
		case 'd': add(&l, "%ld", v); break;
		case 'u': add(&l, "%lu", (unsigned long)v); break;
		case 'o': add(&l, "0%lo", (unsigned long)v); break;
		case 'p': if (v) add(&l, "%#lx", (unsigned long)v); else add(&l, "NULL"); break;
		case 's':
			if (v && !uni_user_string((const char *)v, 4096))
				quoted(&l, (const char *)v, strlen((const char *)v), 256);
			else
				add(&l, "%#lx", (unsigned long)v);
			break;
		case 'w': quoted(&l, (const char *)v, (size_t)a[i + 1], 32); break;
		case 'v': iovecs(&l, (const struct iovec *)v, a[i + 1]); break;
		case 'r': if (done && r > 0) quoted(&l, (const char *)v, (size_t)r, 32); else add(&l, "%#lx", (unsigned long)v); break;
		default: add(&l, "%#lx", (unsigned long)v); break;
		}
	}
	if (!done)
		add(&l, ") = ?\n");
	else if (r < 0 && r >= -4095)
		add(&l, ") = -1 %s\n", uni_errno_name(-r));
	else if (n == SYS_mmap || n == SYS_brk || n == SYS_mremap)
		add(&l, ") = %#lx\n", (unsigned long)r);
	else
		add(&l, ") = %ld\n", r);
	if (l.s[l.n - 1] != '\n')
		l.s[l.n - 1] = '\n';
	uni_console_write_line(2, l.s, l.n);
}
