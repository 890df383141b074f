/* The platform binding: the few operations the runtime needs from what is below it. One image
 * carries every binding (kernel/platform/<name>/); the entry point the image was started
 * through picks one before any other runtime code runs, and nothing above this interface
 * knows which. pvh: QEMU under KVM or TCG, ring 0 below ring 3. process: a sandboxed Linux
 * process, the host kernel below. */
#ifndef UNI_PLATFORM_H
#define UNI_PLATFORM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct uni_cpu;
struct uni_trap_frame;

struct uni_platform {
	const char *name;
	/* Resuming a preempted frame (sched/switch.S's uni_resume_frame, same contract): with
	 * interrupts off and off the current stack, hand off the thread this CPU switched away
	 * from (uni_cpu_handoff_done) and drop the big lock if held (unless runtime: the frame is
	 * runtime code, sched/switch.S's uni_resume_runtime_frame, which keeps its depth and
	 * lock), then every register of f, its vector state from xsave, and interrupts on again
	 * with the jump. NULL: the assembly does it with iretq. */
	void (*resume)(const struct uni_trap_frame *f, void *xsave, int runtime);   /* never returns */
	/* Console: fds 0-2 of the program. init runs once before anything is written; attach
	 * (NULL: nothing to do) once memory can be allocated, to take up a faster device and
	 * let input come. read never
	 * blocks: > 0 bytes read, 0 nothing waiting, -1 end of input. ready: a read would not
	 * return 0. write blocks until everything is out. */
	void (*console_init)(void);
	void (*console_attach)(void);
	ssize_t (*console_read)(void *buf, size_t len);
	int (*console_ready)(void);
	void (*console_write)(int fd, const void *buf, size_t len);
	/* Time: nanoseconds of a monotonic clock and the wall clock; NULL means the TSC at
	 * uni.tsc_khz and uni.wall (core/clock.c). */
	uint64_t (*clock_ns)(void);
	uint64_t (*wall_ns)(void);
	/* The calling CPU's one-shot timer interrupt at deadline (uni_clock_ns time; 0 disarms),
	 * and its acknowledgement from the interrupt path. */
	void (*timer_arm)(uint64_t deadline);
	void (*timer_eoi)(void);
	/* The calling CPU's interrupts (timer, IPIs, devices) off and on. halt is called with them
	 * off: it turns them on, waits for one, and returns with them off again. */
	void (*irq_off)(void);
	void (*irq_on)(void);
	void (*halt)(void);
	/* Page protection (PROT_* bits) of program RAM; 0 or -errno. tlb_sync: after protect,
	 * whatever the other CPUs must do before they may use the new mapping (uni_smp_tlb_shootdown). */
	long (*protect)(uint64_t addr, uint64_t len, int prot);
	int tlb_needs_shootdown;
	void (*tlb_flush)(void);
	/* CPUs: start others so that each runs uni_ap_main(its struct uni_cpu) on its idle stack
	 * (sched/smp.c prepared cpus[1..n-1]); returns once they were told to start, or -1.
	 * ipi: interrupt CPU c with vector (UNI_VEC_RESCHED, UNI_VEC_TLB); stop_others: the image
	 * is ending, every other CPU stops. cpu_init: on the calling CPU, once, before it takes
	 * interrupts: sets up its interrupt controller and returns its address (LAPIC ID). */
	int (*start_cpus)(int n);
	void (*ipi)(struct uni_cpu *c, int vector);
	void (*stop_others)(void);
	int (*cpu_init)(void);
	/* NICs: finds the platform's network devices and registers each (uni/nic.h). */
	void (*nic_probe)(void);
	/* Before the program's first instruction: close every door the program must not use
	 * (the process platform's seccomp filter). NULL: nothing to close. */
	void (*seal)(void);
	/* Signals from outside the image (core/hostsig.c): signals_init, once before the program
	 * runs, opens the channel they come by and returns 0, or -1 where ring 3 cannot take
	 * interrupts (NULL: nothing to open); signal_take returns the next one that came, 0 when
	 * none waits (NULL: the platform has no such channel). */
	int (*signals_init)(void);
	int (*signal_take)(void);
	/* Persistent volumes (fs/volume.c): vol_channel returns the number of the channel to the
	 * host's volume named tag (uni/abi.h UNI_VOL_TAG), or -1; vol_rpc sends one 9P message t
	 * of tlen bytes on it and waits for the reply into r (rcap bytes): its length, or -EIO.
	 * NULL where the image carries no volume code (the bindings refer to it weakly). */
	int (*vol_channel)(const char *tag);
	long (*vol_rpc)(int ch, const void *t, uint32_t tlen, void *r, uint32_t rcap);
	/* Sets the calling CPU's FS base where the CPU has no FSGSBASE, so ring 3 cannot (NULL:
	 * the image cannot run on such a CPU). */
	void (*set_fs)(uint64_t base);
	/* Ends the image with the program's status. */
	void (*exit)(int status);   /* never returns */
};

extern const struct uni_platform *uni_plat;
extern const struct uni_platform uni_platform_pvh, uni_platform_process;

#endif
