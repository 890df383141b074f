/* The syscall dispatcher: musl calls __uni_syscall directly (no trap, no mode switch);
 * it indexes the table in table.h. A syscall the runtime does not implement returns the
 * errno unsupported.h gives it, and is reported once, by name, with the reason. */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/sched.h"
#include "uni/signal.h"
#include "uni/uaccess.h"

typedef long handler(long, long, long, long, long, long);

/* The handlers, 4 bytes each rather than 8: each entry is the handler's distance from the
 * table, which the linker computes (a PC-relative relocation whose addend cancels the entry's
 * own offset), so the table needs no run-time relocation in a position-independent image.
 * Assembled, as C has no constant for a distance between two addresses: a zeroed table and,
 * per entry, the relocation. An entry that stays 0 has no handler. A weak entry (table.h)
 * whose handler is not linked points at uni_syscall_not_linked: image.ld defines each such
 * handler's name as that when nothing else does (ld refuses a PC-relative reference to an
 * undefined symbol in a position-independent image). */
#define NR_MAX 512
#define TABLE_STR(x) #x
#define TABLE_NR(nr) TABLE_STR(nr)
#define TABLE_ENTRY(nr, fn) "\t.reloc uni_syscall_table + 4 * " TABLE_NR(nr) ", R_X86_64_PC32, " #fn " + 4 * " TABLE_NR(nr) "\n"
__asm__("\t.section .rodata.uni_syscall_table, \"a\", @progbits\n"
	"\t.balign 4\n"
	"uni_syscall_table:\n"
	"\t.rept " TABLE_NR(NR_MAX) "\n\t.long 0\n\t.endr\n"   /* data .reloc can reach, unlike .zero's */
#define SYSCALL(nr, fn) TABLE_ENTRY(nr, fn)
#define NET_SYSCALL(nr, fn) "\t.weak " #fn "\n" TABLE_ENTRY(nr, fn)
#define LINKED_SYSCALL(nr, fn) "\t.weak " #fn "\n" TABLE_ENTRY(nr, fn)
#include "table.h"
#undef SYSCALL
#undef NET_SYSCALL
#undef LINKED_SYSCALL
	"\t.previous\n");
extern const int32_t uni_syscall_table[NR_MAX] __attribute__((visibility("hidden")));

/* What a weak entry whose handler is not linked points at; never called (see not_linked). */
__attribute__((visibility("hidden"))) long uni_syscall_not_linked(void)
{
	__builtin_trap();
}

/* Syscall n's handler, 0 for none, uni_syscall_not_linked for one not linked. */
static inline handler *handler_of(long n)
{
	int32_t off = uni_syscall_table[n];
	return off ? (handler *)(uintptr_t)((const char *)uni_syscall_table + off) : 0;
}

/* The names, for --trace and the report: one string blob (a struct of one member per number,
 * empty where Linux has no call) and the offset of every 64th number's name, rather than 512
 * offsets: a name is found by skipping at most 63 names, which only tracing and the reports
 * do. */
struct syscall_names {
#define SYSCALL_NAME(nr, name) char name_##nr[sizeof #name];
#include "syscall_names.h"
#undef SYSCALL_NAME
};
static const struct syscall_names name_blob = {
#define SYSCALL_NAME(nr, name) #name,
#include "syscall_names.h"
#undef SYSCALL_NAME
};
#define NAME_AT(nr) __builtin_offsetof(struct syscall_names, name_##nr)
static const unsigned short name_at[NR_MAX / 64] = {
	NAME_AT(0), NAME_AT(64), NAME_AT(128), NAME_AT(192),
	NAME_AT(256), NAME_AT(320), NAME_AT(384), NAME_AT(448),
};
_Static_assert(NR_MAX == 8 * 64, "name_at has an offset per 64 numbers");

static const char *syscall_name(long n)
{
	if (n < 0 || n >= NR_MAX)
		return 0;
	const char *p = (const char *)&name_blob + name_at[n / 64];
	for (long i = n % 64; i; i--)
		p += strlen(p) + 1;
	return *p ? p : 0;
}

/* The number, errno and reason of each syscall the runtime does not implement: the entries in
 * unsupported.h's order, as three arrays (the errnos a byte, named by uni_errno_name; the
 * reasons 4 bytes, each its text's distance from its entry, as the handlers', the texts in a
 * merged string section, so that a shared reason is stored once). Only a call without a
 * handler searches the numbers. */
static const unsigned short unsupported_nr[] = {
#define UNSUPPORTED(nr, e, reason) nr,
#include "unsupported.h"
#undef UNSUPPORTED
};
static const unsigned char unsupported_err[] = {
#define UNSUPPORTED(nr, e, reason) e,
#include "unsupported.h"
#undef UNSUPPORTED
};
__asm__("\t.section .rodata.unsupported_why, \"a\", @progbits\n"
	"\t.balign 4\n"
	"unsupported_why:\n"
#define UNSUPPORTED(nr, e, reason) "\t.long 1f - .\n\t.pushsection .rodata.unsupported_why.str, \"aMS\", @progbits, 1\n" \
	"1:\t.asciz \"" reason "\"\n\t.popsection\n"
#include "unsupported.h"
#undef UNSUPPORTED
	"\t.previous\n");
extern const int32_t unsupported_why[] __attribute__((visibility("hidden")));

/* Where n is among them, plus one; 0: implemented or no such syscall. */
static int unsupported_place(long n)
{
	for (unsigned i = 0; i < sizeof unsupported_nr / sizeof *unsupported_nr; i++)
		if (unsupported_nr[i] == n)
			return (int)i + 1;
	return 0;
}

static unsigned char reported[NR_MAX / 8];

/* Calls that read only the clock, constants or the calling thread's own state: they run
 * without the big lock (still not preemptible), so that threads on other CPUs do not queue
 * behind each other for the time of day. futex too: its waits and wakes take only a futex
 * bucket's and a run queue's lock, and its PI operations take the big lock themselves (syscall/thread.c, which
 * relies on the rule below: at depth 1 and without --trace, a lockless call holds no lock).
 * A bit per number, word w holding numbers 64w.. */
#define LOCKLESS_BIT(w, nr) ((nr) / 64 == (w) ? 1ull << (nr) % 64 : 0)
#define LOCKLESS_WORD(w) \
	(LOCKLESS_BIT(w, SYS_clock_gettime) | LOCKLESS_BIT(w, SYS_clock_getres) | \
	 LOCKLESS_BIT(w, SYS_gettimeofday) | LOCKLESS_BIT(w, SYS_time) | LOCKLESS_BIT(w, SYS_getpid) | \
	 LOCKLESS_BIT(w, SYS_getppid) | LOCKLESS_BIT(w, SYS_gettid) | LOCKLESS_BIT(w, SYS_getuid) | \
	 LOCKLESS_BIT(w, SYS_geteuid) | LOCKLESS_BIT(w, SYS_getgid) | LOCKLESS_BIT(w, SYS_getegid) | \
	 LOCKLESS_BIT(w, SYS_futex))
static const uint64_t lockless[NR_MAX / 64] = {
	LOCKLESS_WORD(0), LOCKLESS_WORD(1), LOCKLESS_WORD(2), LOCKLESS_WORD(3),
	LOCKLESS_WORD(4), LOCKLESS_WORD(5), LOCKLESS_WORD(6), LOCKLESS_WORD(7),
};
_Static_assert(NR_MAX == 8 * 64, "lockless has a word per 64 numbers");

/* The socket calls, whose entries link the network stack (table.h). */
static const unsigned short net_calls[] = {
#define SYSCALL(nr, fn)
#define NET_SYSCALL(nr, fn) nr,
#define LINKED_SYSCALL(nr, fn)
#include "table.h"
#undef SYSCALL
#undef NET_SYSCALL
#undef LINKED_SYSCALL
};

/* A weak entry (table.h) left empty: every syscall is in table.h or unsupported.h. */
static long not_linked(long n)
{
	int net = 0;
	for (size_t i = 0; i < sizeof net_calls / sizeof *net_calls; i++)
		net |= net_calls[i] == n;
	uni_log("syscall %s (%ld) is not linked into this image: the program links no libc function "
		"that makes it; returning ENOSYS (fix: call it through its libc function, or link with "
		"-Wl,--undefined=%s)", syscall_name(n), n, net ? "uni_net_stack" : "uni_syscalls_all");
	return -ENOSYS;
}

/* A call without a handler: the errno unsupported.h gives it, its reason reported once. */
static long not_handled(long n, const long *args)
{
	int u = unsupported_place(n);
	if (uni_trace_on)
		uni_trace_syscall(syscall_name(n), n, args, u ? -unsupported_err[u - 1] : -ENOSYS, 1);
	if (!u && syscall_name(n))
		return not_linked(n);
	if (!u) {
		uni_log("syscall %ld does not exist; returning ENOSYS", n);
		return -ENOSYS;
	}
	if (!(reported[n / 8] & (1 << n % 8))) {
		reported[n / 8] |= (unsigned char)(1 << n % 8);
		uni_log("syscall %s (%ld) is %s: %s; returning %s", syscall_name(n), n,
			unsupported_err[u - 1] == ENOSYS ? "not implemented" : "not supported here",
			(const char *)&unsupported_why[u - 1] + unsupported_why[u - 1], uni_errno_name(unsupported_err[u - 1]));
	}
	return -unsupported_err[u - 1];
}

__attribute__((visibility("hidden"), optimize("no-omit-frame-pointer")))
long __uni_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	handler *h = n >= 0 && n < NR_MAX ? handler_of(n) : 0;
	if (h && h != (handler *)(uintptr_t)uni_syscall_not_linked) {
		/* The runtime is not preemptible and runs under the big lock; the way out runs
		 * deferred ticks and signals. A nested call (from runtime code) does neither. */
		/* uni_preempt_disable/enable, inlined: this is every syscall's path. */
		__asm__ volatile("incl %%gs:%c0" : : "i"(UNI_CPU_PREEMPT_OFF) : "memory");
		/* (--trace's lines are written under the lock, lockless calls' too.) */
		int locked = (!(lockless[n / 64] >> n % 64 & 1) || uni_trace_on) && uni_smp_active && uni_preempt_depth() == 1;
		if (locked)
			uni_lock_acquire();
		long args[6] = { a, b, c, d, e, f };
		int traced = uni_trace_on && uni_preempt_depth() == 1 && !uni_current->runtime;
		if (traced && (n == SYS_exit || n == SYS_exit_group))
			uni_trace_syscall(syscall_name(n), n, args, 0, 0);
		long r = uni_syscall_check_args(n, args);   /* bad program pointers: EFAULT */
		if (!r)
			r = h(a, b, c, d, e, f);
		if (traced)
			uni_trace_syscall(syscall_name(n), n, args, r, 1);
		if (uni_preempt_depth() > 1) {
			__asm__ volatile("decl %%gs:%c0" : : "i"(UNI_CPU_PREEMPT_OFF) : "memory");
			return r;
		}
		if (locked)
			uni_lock_release();   /* first the lock, then the depth (uni_preempt_enable) */
		__asm__ volatile("movl $0, %%gs:%c0" : : "i"(UNI_CPU_PREEMPT_OFF) : "memory");
		int pending;
		__asm__ volatile("movl %%gs:%c1, %0" : "=r"(pending) : "i"(UNI_CPU_PREEMPT_PENDING) : "memory");
		if (pending) {
			__asm__ volatile("movl $0, %%gs:%c0" : : "i"(UNI_CPU_PREEMPT_PENDING) : "memory");
			uni_sched_yield();
		}
		/* A handler runs on a signal frame once this returns (and may restart the call):
		 * the return address is redirected, which needs this function's frame pointer. */
		if (uni_signal_ready() || uni_current->restore_mask)
			uni_signal_on_return((uint64_t *)__builtin_frame_address(0) + 1, n, a, b, c, d, e, f);
		return r;
	}
	long args[6] = { a, b, c, d, e, f };
	return not_handled(n, args);
}
