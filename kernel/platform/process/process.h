/* What the process platform's files share: host calls, host signals and per-CPU host state. */
#ifndef UNI_PROCESS_H
#define UNI_PROCESS_H

#include <stdint.h>
#include "uni/layout.h"

/* host.S: the only way to the host kernel (the sandbox allows no other). */
long uni_host_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6);
long uni_host_clone(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg);
_Noreturn void uni_host_sigreturn(void *uc);
void uni_host_restorer(void);
extern char uni_host_text_start[], uni_host_text_end[];

#define host0(n) uni_host_syscall((n), 0, 0, 0, 0, 0, 0)
#define host1(n, a) uni_host_syscall((n), (long)(a), 0, 0, 0, 0, 0)
#define host2(n, a, b) uni_host_syscall((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define host3(n, a, b, c) uni_host_syscall((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define host4(n, a, b, c, d) uni_host_syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define host5(n, a, b, c, d, e) uni_host_syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* Host signals standing for a CPU's interrupts (the guest's own signals never reach the host). */
#define HOST_SIG_TIMER 34   /* the CPU's one-shot timer (timer_create, SIGEV_THREAD_ID) */
#define HOST_SIG_IPI 35     /* another CPU's reschedule IPI (tgkill) */
#define HOST_SIG_DEVICE 36  /* frames arrived on the NIC's fd (F_SETSIG), to the first CPU */
/* Host signals the program gets as its own (core/hostsig.c): SIGHUP, SIGINT, SIGQUIT, SIGUSR1,
 * SIGUSR2, SIGTERM. Their arrival is an interrupt too. */
#define HOST_FWD_MASK ((1ull << (1 - 1)) | (1ull << (2 - 1)) | (1ull << (3 - 1)) | \
		       (1ull << (10 - 1)) | (1ull << (12 - 1)) | (1ull << (15 - 1)))
#define HOST_IRQ_MASK ((1ull << (HOST_SIG_TIMER - 1)) | (1ull << (HOST_SIG_IPI - 1)) | \
		       (1ull << (HOST_SIG_DEVICE - 1)) | HOST_FWD_MASK)

#define HOST_ALTSTACK_SIZE 65536
/* A ucontext and an xsave image of uni_host_xsave_size bytes, aligned, and the magic after it. */
#define HOST_RESUME_AREA (4096 + 16384)

/* Per CPU (indexed by struct uni_cpu's index). */
struct host_cpu {
	int tid;                /* its host thread */
	int timer;              /* its host timer */
	volatile int halting;   /* inside halt's ppoll: an interrupt only ends the wait */
	void *altstack;         /* where host signal handlers run */
	void *resume_area;      /* HOST_RESUME_AREA bytes: the rt_sigframe a resume returns through */
};
extern struct host_cpu uni_host_cpus[UNI_MAX_CPUS];
extern int uni_host_pid;
extern uint16_t uni_host_cs, uni_host_ss;   /* the selectors Linux gives its processes */
extern uint32_t uni_host_xsave_size;        /* bytes of an xsave of uni_xsave_mask */
extern int uni_host_net_fd;                 /* the NIC's fd, or -1 */
extern int uni_host_vol_fd;                 /* the volumes' 9P socket (vol.c), or -1 */
extern int uni_host_net_stream;             /* 1: length-prefixed frames (UNI_NET_MODE_STREAM) */

/* Points the calling host thread's GS base at its struct uni_cpu: wrgsbase, or the host's
 * arch_prctl where the host has no FSGSBASE (start.c). */
void uni_host_set_gs(void *cpu);

/* traps.c: host signal handlers for faults, interrupts and the sandbox, on this thread's
 * alternate stack; installed once, for every thread. */
void uni_host_traps_init(void);
void uni_host_altstack(struct host_cpu *h);
/* The next forwarded host signal that came (HOST_FWD_MASK), or 0 (uni/platform.h signal_take). */
int uni_host_signal_take(void);
/* A CPU's host timer (cpus.c), created on its own thread. */
int uni_host_timer_create(struct host_cpu *h);
/* sandbox.c: the seccomp filter (the platform's seal). */
void uni_host_sandbox(void);
/* vdso.c: the host's clock through its vDSO (a host call where there is none). */
#include <time.h>
void uni_host_vdso_init(uint64_t at_sysinfo_ehdr);
void uni_host_clock(clockid_t clock, struct timespec *t);
int uni_host_in_vdso(uint64_t ip);   /* ip (after a syscall instruction) is in the vDSO's text */
/* binding.c */
_Noreturn void uni_host_exit(int status);
void uni_host_write_all(int fd, const void *buf, uint64_t len);

#endif
