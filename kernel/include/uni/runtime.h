/* Ring-3 runtime services shared by the syscall families. */
#ifndef UNI_RUNTIME_H
#define UNI_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include "uni/weak.h"

/* Ends the VM with the program's exit status: a control record for uni-run, then
 * isa-debug-exit; on machines without it, a reset (QEMU runs with -no-reboot). */
_Noreturn void uni_exit(int status);

/* Clock: nanoseconds since boot from the TSC, and the wall clock at boot. */
void uni_clock_init(uint64_t tsc_khz, uint64_t wall_ns);
uint64_t uni_clock_ns(void);
/* Nanoseconds since the runtime started: the image's CPU time (one process, its CPUs never
 * lent to another) and uptime, whatever the clock counts from. */
uint64_t uni_clock_since_start_ns(void);
uint64_t uni_clock_wall_ns(void);
void uni_clock_set_wall_ns(uint64_t ns);
/* The host's wall clock was wall_ns when its TSC read tsc (uni.wall, uni.wall_tsc): if this
 * CPU reads that same TSC (KVM on PVM hosts), the wall clock follows it and 0 is returned;
 * else -1 and nothing changes. */
int uni_clock_set_wall_tsc(uint64_t wall_ns, uint64_t tsc);
/* Sets the wall clock at boot (platform/pvh/wallclock.c): from the (uni.wall, uni.wall_tsc) pair when
 * the TSC is the host's, else by asking uni-run (a "clock" record answered on COM2), else
 * uni.wall plus the time since boot. */
void uni_wallclock_init(uint64_t wall_ns, uint64_t wall_tsc);

/* Fatal signal without a handler: report, backtrace from 'fp', exit 128+sig. */
_Noreturn void uni_fatal_signal(int sig, const char *why, uint64_t rip, uint64_t fp);
void uni_backtrace(uint64_t rip, uint64_t sp, uint64_t fp);

/* Anonymous memory: page-granular ranges of free RAM, zeroed on allocation. */
void uni_mm_init(void);
void *uni_mm_alloc(size_t len);          /* NULL when out of memory */
void *uni_mm_alloc_aligned(size_t len, uint64_t align);   /* align: a power of two */
void uni_mm_free(void *p, size_t len);
uint64_t uni_mm_free_bytes(void);
uint64_t uni_mm_total_bytes(void);
/* The lower of RLIMIT_AS and RLIMIT_DATA (syscall/rlimit.c): what mmap and brk may bring the
 * RAM in use to. */
uint64_t uni_rlimit_memory(void);

/* Boot parameters from the command line. */
struct uni_args {
	int argc, envc;
	int cpus;            /* uni.cpus: CPUs to run on (uni-run --cpus) */
	char **argv, **envp;
	char *workdir;       /* uni.workdir (uni-run -w), or NULL */
};
void uni_cmdline_parse(char *cmdline, struct uni_args *out);
/* core/workdir.c: creates dir (absolute) with its parents and makes it the working directory;
 * ends the image with 126 and a message when it cannot. NULL: stays "/". */
void uni_workdir_enter(char *dir);
/* Network configuration from the command line (uni.ip=A.B.C.D/N, uni.gw=, uni.dns=), NULL
 * when absent: DHCP then. */
extern char *uni_boot_ip, *uni_boot_gw, *uni_boot_dns[2];
/* uni.passt=1: the first NIC's peer is passt (net/passt_ack.c). */
extern int uni_boot_passt;
/* The network stack's start, when the image has one (net/stack.c); NULL otherwise. */
extern void uni_net_start(void) UNI_WEAK_FN;
/* Before the VM ends on exit(): lets queued TCP data and FINs leave (bounded wait). */
extern void uni_net_drain(void) UNI_WEAK_FN;

void uni_random_bytes(void *buf, size_t len);

/* The FS base (thread pointer) of the calling CPU: set from ring 3 with wrfsbase, or through
 * the platform where the CPU has no FSGSBASE (the process platform on such a host); read
 * back with rdfsbase, or from what was last set. */
void uni_set_fs(uint64_t base);
uint64_t uni_get_fs(void);

#endif
