/* The process binding (uni/platform.h): the host's fds 0-2 for the console, its monotonic
 * clock, a host timer and host signals per CPU for interrupts, mprotect for page protection,
 * host threads for CPUs, exit_group for the end. Every call goes through host.S. */
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include "uni/cpu.h"
#include "uni/platform.h"
#include "process.h"
#include "uni/weak.h"

void uni_host_write_all(int fd, const void *buf, uint64_t len)
{
	const char *p = buf;
	while (len) {
		long n = host3(SYS_write, fd, p, len);
		if (n == -4 /* EINTR */)
			continue;
		if (n <= 0)
			return;   /* the host closed it: output is lost, as on Linux with EPIPE */
		p += n;
		len -= (uint64_t)n;
	}
}

_Noreturn void uni_host_exit(int status)
{
	for (;;)
		host1(SYS_exit_group, status & 0xff);
}

static void console_init(void)
{
}

static int console_ready(void)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };
	struct timespec zero = { 0, 0 };
	return host4(SYS_ppoll, &p, 1, &zero, 0) > 0;
}

static ssize_t console_read(void *buf, size_t len)
{
	if (!console_ready())
		return 0;
	long n = host3(SYS_read, 0, buf, len);
	if (n == -4 /* EINTR */ || n == -11 /* EAGAIN */)
		return 0;
	return n > 0 ? n : -1;   /* end of input, or a host fd 0 that cannot be read */
}

static void console_write(int fd, const void *buf, size_t len)
{
	uni_host_write_all(fd, buf, len);
}

static uint64_t clock_ns(void)
{
	struct timespec t;
	uni_host_clock(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static uint64_t wall_ns(void)
{
	struct timespec t;
	uni_host_clock(CLOCK_REALTIME, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static struct host_cpu *this_cpu(void)
{
	return &uni_host_cpus[uni_cpu()->index];
}

static void timer_arm(uint64_t deadline)
{
	/* it_value zero disarms; the clock is the one clock_ns reads, so deadlines are absolute. */
	struct itimerspec it = { .it_value = { (time_t)(deadline / 1000000000ull), (long)(deadline % 1000000000ull) } };
	host4(SYS_timer_settime, this_cpu()->timer, TIMER_ABSTIME, &it, 0);
}

static void timer_eoi(void)
{
}

static void irq_off(void)
{
	uint64_t m = HOST_IRQ_MASK;
	host4(SYS_rt_sigprocmask, SIG_BLOCK, &m, 0, 8);
}

static void irq_on(void)
{
	uint64_t m = HOST_IRQ_MASK;
	host4(SYS_rt_sigprocmask, SIG_UNBLOCK, &m, 0, 8);
}

/* ppoll with an empty mask is sti; hlt: a signal pending or arriving ends it, atomically. */
static void halt(void)
{
	struct host_cpu *h = this_cpu();
	uint64_t none = 0;
	h->halting = 1;
	host5(SYS_ppoll, 0, 0, 0, &none, 8);
	h->halting = 0;
}

static long protect(uint64_t addr, uint64_t len, int prot)
{
	return host3(SYS_mprotect, addr, len, prot);
}

static void tlb_flush(void)
{
}

_Noreturn void uni_process_resume(const struct uni_trap_frame *f, void *xsave, int runtime);
int uni_process_start_cpus(int n);
void uni_process_ipi(struct uni_cpu *c, int vector);

static void stop_others(void)
{
	/* exit_group ends every host thread at once. */
}

/* nic.c is in the image only when it uses sockets (drivers/nic.c pulls it in). */
extern void uni_host_nic_probe(void) UNI_WEAK_FN;

static void nic_probe(void)
{
	if (uni_host_nic_probe)
		uni_host_nic_probe();
}

static int cpu_init(void)
{
	return uni_cpu()->index;
}

/* vol.c is in the image only when it has volume code (fs/volume.c pulls it in). */
extern int uni_host_vol_channel(const char *tag) UNI_WEAK_FN;
extern long uni_host_vol_rpc(int ch, const void *t, uint32_t tlen, void *r, uint32_t rcap) UNI_WEAK_FN;

/* Without FSGSBASE (a host CPU or kernel that lacks it) only the host can set the FS base:
 * a host call per thread switch. The sandbox lets this one call through (sandbox.c). */
static void set_fs(uint64_t base)
{
	host2(SYS_arch_prctl, 0x1002 /* ARCH_SET_FS */, base);
}

static _Noreturn void process_exit(int status)
{
	uni_host_exit(status);
}

const struct uni_platform uni_platform_process = {
	.name = "process",
	.resume = uni_process_resume,
	.console_init = console_init,
	.console_read = console_read,
	.console_ready = console_ready,
	.console_write = console_write,
	.clock_ns = clock_ns,
	.wall_ns = wall_ns,
	.timer_arm = timer_arm,
	.timer_eoi = timer_eoi,
	.irq_off = irq_off,
	.irq_on = irq_on,
	.halt = halt,
	.protect = protect,
	.tlb_needs_shootdown = 0,
	.tlb_flush = tlb_flush,
	.start_cpus = uni_process_start_cpus,
	.ipi = uni_process_ipi,
	.stop_others = stop_others,
	.cpu_init = cpu_init,
	.nic_probe = nic_probe,
	.seal = uni_host_sandbox,
	.signal_take = uni_host_signal_take,
	.vol_channel = uni_host_vol_channel,
	.vol_rpc = uni_host_vol_rpc,
	.set_fs = set_fs,
	.exit = process_exit,
};
