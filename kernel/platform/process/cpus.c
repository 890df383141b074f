/* The process platform's CPUs: one host thread each, with its own GS base (its struct
 * uni_cpu), alternate signal stack and timer; IPIs are host signals to that thread. */
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include "uni/cpu.h"
#include "uni/console.h"
#include "uni/runtime.h"
#include "uni/sched.h"
#include "process.h"

#define HOST_THREAD_FLAGS 0x50f00   /* CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM */
#define SIGEV_THREAD_ID 4

/* The kernel's struct sigevent for timer_create. */
struct host_sigevent {
	uint64_t value;
	int signo, notify, tid, pad[11];
};

int uni_host_timer_create(struct host_cpu *h)
{
	struct host_sigevent ev = { .signo = HOST_SIG_TIMER, .notify = SIGEV_THREAD_ID, .tid = h->tid };
	return host3(SYS_timer_create, CLOCK_MONOTONIC, &ev, &h->timer) ? -1 : 0;
}

_Noreturn void uni_ap_main(struct uni_cpu *c);

/* A new host thread: becomes CPU c, then idles there like a PVH CPU after ring 0. */
static _Noreturn void cpu_thread(void *arg)
{
	struct uni_cpu *c = arg;
	struct host_cpu *h = &uni_host_cpus[c->index];
	uni_host_set_gs(c);
	h->tid = (int)host0(SYS_gettid);
	uni_host_altstack(h);
	if (uni_host_timer_create(h))
		uni_log("CPU %d: the host refused a timer; it runs without one", c->index);
	uint64_t irqs = HOST_IRQ_MASK;
	host4(SYS_rt_sigprocmask, SIG_BLOCK, &irqs, 0, 8);
	__asm__ volatile("mov %0, %%rsp\n\tmov %1, %%rdi\n\tcall uni_ap_main"
			 : : "r"(c->idle_stack_top), "r"(c) : "memory");
	__builtin_unreachable();
}

int uni_process_start_cpus(int n)
{
	for (int i = 1; i < n; i++) {
		struct uni_cpu *c = uni_cpu_by_index(i);
		struct host_cpu *h = &uni_host_cpus[i];
		char *stack = uni_mm_alloc(16384);
		h->altstack = uni_mm_alloc(HOST_ALTSTACK_SIZE);
		h->resume_area = uni_mm_alloc(HOST_RESUME_AREA);
		if (!stack || !h->altstack || !h->resume_area)
			return i == 1 ? -1 : 0;
		if (uni_host_clone(HOST_THREAD_FLAGS, stack + 16384, cpu_thread, c) < 0)
			return i == 1 ? -1 : 0;
	}
	return 0;
}

void uni_process_ipi(struct uni_cpu *c, int vector)
{
	(void)vector;   /* only the reschedule IPI: the host keeps TLBs coherent, exit stops all */
	int tid = uni_host_cpus[c->index].tid;
	if (tid)
		host3(SYS_tgkill, uni_host_pid, tid, HOST_SIG_IPI);
}
