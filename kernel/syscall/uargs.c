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

/* The entries in uargs_specs.h's order, and each number's place among them, plus one (0: its
 * pointers are not checked): a byte per number rather than a whole spec. */
enum {
#define SPEC(nr, ...) SPEC_##nr,
#include "uargs_specs.h"
#undef SPEC
};
static const struct spec specs[] = {
#define SPEC(nr, ...) { { __VA_ARGS__ } },
#include "uargs_specs.h"
#undef SPEC
};
static const unsigned char spec_at[512] = {
#define SPEC(nr, ...) [nr] = SPEC_##nr + 1,
#include "uargs_specs.h"
#undef SPEC
};
_Static_assert(sizeof specs / sizeof *specs < 256, "spec_at holds a byte");

long uni_syscall_check_args(long n, const long *args)
{
	if (n < 0 || n >= (long)(sizeof spec_at / sizeof *spec_at) || !spec_at[n])
		return 0;
	const struct spec *spec = &specs[spec_at[n] - 1];
	for (int i = 0; i < 3 && spec->p[i].kind != NONE; i++) {
		const struct ptr *p = &spec->p[i];
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
