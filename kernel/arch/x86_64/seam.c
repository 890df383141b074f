/* The C half of the pvh seam: thread pointer, clone, vfork and thread-stack unmapping. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <sys/syscall.h>
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/platform.h"
#include "uni/runtime.h"
#include "uni/sched.h"

long __uni_syscall(long, long, long, long, long, long, long);

void uni_set_fs(uint64_t base)
{
	uni_cpu()->fsbase = base;
	if (uni_boot.cpu_features & UNI_CPU_FSGSBASE) {
		__asm__ volatile("wrfsbase %0" : : "r"(base) : "memory");
	} else if (uni_plat->set_fs) {
		uni_plat->set_fs(base);
	} else {
		uni_log("this CPU model lacks FSGSBASE, which the runtime needs for thread pointers; "
			"use a CPU model that has it (QEMU: -cpu max under TCG)");
		uni_exit(125);
	}
}

uint64_t uni_get_fs(void)
{
	uint64_t v;
	if (!(uni_boot.cpu_features & UNI_CPU_FSGSBASE))
		return uni_cpu()->fsbase;
	__asm__ volatile("rdfsbase %0" : "=r"(v));
	return v;
}

__attribute__((visibility("hidden"))) int __set_thread_area(void *p)
{
	uni_set_fs((uint64_t)p);
	return 0;
}

/* musl's pthread_create: a thread sharing everything. Anything else would be a new
 * process (posix_spawn, fork emulation), which an image cannot have: clone says so. */
__attribute__((visibility("hidden"))) int __clone(int (*fn)(void *), void *stack, int flags, void *arg,
						   pid_t *ptid, void *tls, pid_t *ctid)
{
	const int thread = CLONE_VM | CLONE_THREAD | CLONE_SIGHAND;
	if ((flags & thread) != thread)
		return (int)__uni_syscall(SYS_clone, flags, 0, 0, 0, 0, 0);
	/* The new thread cannot run before preemption is enabled again (on another CPU it needs
	 * the lock), so *ptid holds its tid by then: musl's pthread_kill and pthread_join read
	 * it, and so may the thread itself at once. */
	uni_preempt_disable();
	int tid = uni_thread_create(fn, stack, arg, (flags & CLONE_SETTLS) ? (uint64_t)tls : 0,
				    (flags & CLONE_CHILD_CLEARTID) ? ctid : 0);
	if (tid > 0 && (flags & CLONE_PARENT_SETTID))
		*ptid = tid;
	uni_preempt_enable();
	return tid;
}

pid_t vfork(void)
{
	long r = __uni_syscall(SYS_vfork, 0, 0, 0, 0, 0, 0);
	errno = (int)-r;
	return -1;
}

/* A detached thread frees its own stack and exits; no other thread may run (and reuse
 * the stack's pages) between the two. */
__attribute__((visibility("hidden"))) _Noreturn void __unmapself(void *base, size_t size)
{
	uni_preempt_disable();
	__uni_syscall(SYS_munmap, (long)base, (long)size, 0, 0, 0, 0);
	uni_thread_exit(0);
}
