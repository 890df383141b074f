/* The process platform's seccomp filter, installed on every host thread before the program's
 * first instruction. A syscall instruction outside host.S's section traps (SIGSYS) and the
 * runtime answers it as the program's own syscall; from inside, only the calls the binding
 * makes pass, with their arguments checked where an argument decides what they reach:
 *   read (fd 0, the NIC, the volumes' socket), write (fds 1 and 2, the NIC, the volumes'
 *   socket), ppoll, clock_gettime, mprotect,
 *   timer_settime, tgkill (this process, the IPI signal), rt_sigprocmask, rt_sigreturn,
 *   exit_group, arch_prctl (ARCH_SET_FS only: thread switches where the host has no FSGSBASE).
 * Anything else from inside traps too and ends the image with a report (traps.c). */
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include "uni/console.h"
#include "uni/runtime.h"
#include "process.h"

/* The kernel's seccomp and classic BPF interface (linux/seccomp.h, linux/filter.h; the
 * sysroot carries musl's headers only). */
struct seccomp_data {
	int nr;
	uint32_t arch;
	uint64_t instruction_pointer;
	uint64_t args[6];
};
struct sock_filter {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};
struct sock_fprog {
	unsigned short len;
	struct sock_filter *filter;
};
#define BPF_STMT(code, k) { (uint16_t)(code), 0, 0, (k) }
#define BPF_JUMP(code, k, jt, jf) { (uint16_t)(code), (jt), (jf), (k) }
#define BPF_LD 0x00
#define BPF_W 0x00
#define BPF_ABS 0x20
#define BPF_JMP 0x05
#define BPF_JEQ 0x10
#define BPF_JGT 0x20
#define BPF_K 0x00
#define BPF_RET 0x06
#define SECCOMP_SET_MODE_FILTER 1
#define SECCOMP_FILTER_FLAG_TSYNC 1
#define SECCOMP_RET_KILL_PROCESS 0x80000000u
#define SECCOMP_RET_TRAP 0x00030000u
#define SECCOMP_RET_ALLOW 0x7fff0000u
#define AUDIT_ARCH_X86_64 0xc000003eu

#define MAX_INSNS 64
#define NR_OFF offsetof(struct seccomp_data, nr)
#define ARCH_OFF offsetof(struct seccomp_data, arch)
#define IP_LO_OFF offsetof(struct seccomp_data, instruction_pointer)
#define IP_HI_OFF (offsetof(struct seccomp_data, instruction_pointer) + 4)
#define ARG_LO_OFF(i) (offsetof(struct seccomp_data, args) + 8 * (i))

/* A filter being written: jumps name their target by label and are resolved at the end. */
enum label { L_ALLOW, L_TRAP, L_READ, L_WRITE, L_TGKILL, L_SET_FS, L_COUNT };
struct prog {
	struct sock_filter f[MAX_INSNS];
	int n, at[L_COUNT], patch[MAX_INSNS];   /* patch: label + 1 for the true branch, 0 none */
};

static void emit(struct prog *p, uint16_t code, uint32_t k)
{
	p->patch[p->n] = 0;
	p->f[p->n++] = (struct sock_filter)BPF_STMT(code, k);
}

/* if (A == k) goto label */
static void jeq(struct prog *p, uint32_t k, enum label l)
{
	p->patch[p->n] = l + 1;
	p->f[p->n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k, 0, 0);
}

static void here(struct prog *p, enum label l)
{
	p->at[l] = p->n;
}

static void fd_check(struct prog *p, enum label l, const int *fds, int nfds)
{
	here(p, l);
	emit(p, BPF_LD | BPF_W | BPF_ABS, ARG_LO_OFF(0));
	for (int i = 0; i < nfds; i++)
		if (fds[i] >= 0)
			jeq(p, (uint32_t)fds[i], L_ALLOW);
	emit(p, BPF_RET | BPF_K, SECCOMP_RET_TRAP);
}

void uni_host_sandbox(void)
{
	struct prog p = { .n = 0 };
	/* host.S's section is aligned to more than its size: it never crosses 4 GiB, so its two
	 * ends share their high halves. */
	uint64_t start = (uint64_t)uni_host_text_start, end = (uint64_t)uni_host_text_end;
	uint32_t lo = (uint32_t)start, hi = (uint32_t)end, high = (uint32_t)(start >> 32);
	emit(&p, BPF_LD | BPF_W | BPF_ABS, ARCH_OFF);
	p.patch[p.n] = 0;
	p.f[p.n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	emit(&p, BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	/* Outside host.S: the program's syscall, for the runtime. */
	emit(&p, BPF_LD | BPF_W | BPF_ABS, IP_HI_OFF);
	p.f[p.n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, high, 1, 0);
	emit(&p, BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	emit(&p, BPF_LD | BPF_W | BPF_ABS, IP_LO_OFF);
	p.f[p.n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, lo, 1, 0);
	emit(&p, BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	p.f[p.n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, hi, 0, 1);
	emit(&p, BPF_RET | BPF_K, SECCOMP_RET_TRAP);

	emit(&p, BPF_LD | BPF_W | BPF_ABS, NR_OFF);
	static const uint32_t plain[] = {
		SYS_ppoll, SYS_clock_gettime, SYS_mprotect, SYS_timer_settime,
		SYS_rt_sigprocmask, SYS_rt_sigreturn, SYS_exit_group,
	};
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		jeq(&p, plain[i], L_ALLOW);
	jeq(&p, SYS_read, L_READ);
	jeq(&p, SYS_write, L_WRITE);
	jeq(&p, SYS_tgkill, L_TGKILL);
	jeq(&p, SYS_arch_prctl, L_SET_FS);
	here(&p, L_TRAP);
	emit(&p, BPF_RET | BPF_K, SECCOMP_RET_TRAP);

	const int rfds[] = { 0, uni_host_net_fd, uni_host_vol_fd }, wfds[] = { 1, 2, uni_host_net_fd, uni_host_vol_fd };
	fd_check(&p, L_READ, rfds, 3);
	fd_check(&p, L_WRITE, wfds, 4);
	here(&p, L_TGKILL);
	emit(&p, BPF_LD | BPF_W | BPF_ABS, ARG_LO_OFF(0));
	p.f[p.n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)uni_host_pid, 1, 0);
	emit(&p, BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	emit(&p, BPF_LD | BPF_W | BPF_ABS, ARG_LO_OFF(2));
	jeq(&p, HOST_SIG_IPI, L_ALLOW);
	emit(&p, BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	here(&p, L_SET_FS);
	emit(&p, BPF_LD | BPF_W | BPF_ABS, ARG_LO_OFF(0));
	jeq(&p, 0x1002 /* ARCH_SET_FS */, L_ALLOW);
	emit(&p, BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	here(&p, L_ALLOW);
	emit(&p, BPF_RET | BPF_K, SECCOMP_RET_ALLOW);

	for (int i = 0; i < p.n; i++)
		if (p.patch[i])
			p.f[i].jt = (uint8_t)(p.at[p.patch[i] - 1] - i - 1);
	struct sock_fprog fprog = { .len = (unsigned short)p.n, .filter = p.f };
	long r = host5(SYS_prctl, 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0);
	if (r == 0)
		r = host3(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &fprog);
	if (r) {
		uni_log("the host refused the sandbox (seccomp: %ld); the image stops", r);
		uni_host_exit(126);
	}
}
