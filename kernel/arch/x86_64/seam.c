/* The C half of the pvh seam: thread pointer, clone, vfork and thread-stack unmapping. */
#include <errno.h>
#include <sys/syscall.h>
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/runtime.h"

long __uni_syscall(long, long, long, long, long, long, long);

void uni_set_fs(uint64_t base)
{
	if (!(uni_boot.cpu_features & UNI_CPU_FSGSBASE)) {
		uni_log("this CPU model lacks FSGSBASE, which the runtime needs for thread pointers; "
			"use a CPU model that has it (QEMU: -cpu max under TCG)");
		uni_exit(125);
	}
	__asm__ volatile("wrfsbase %0" : : "r"(base) : "memory");
}

__attribute__((visibility("hidden"))) int __set_thread_area(void *p)
{
	uni_set_fs((uint64_t)p);
	return 0;
}

/* Threads come with the scheduler; until then clone fails and pthread_create says EAGAIN. */
__attribute__((visibility("hidden"))) int __clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
	(void)fn, (void)stack, (void)arg;
	return (int)__uni_syscall(SYS_clone, flags, 0, 0, 0, 0, 0);
}

pid_t vfork(void)
{
	long r = __uni_syscall(SYS_vfork, 0, 0, 0, 0, 0, 0);
	errno = (int)-r;
	return -1;
}

__attribute__((visibility("hidden"))) _Noreturn void __unmapself(void *base, size_t size)
{
	__uni_syscall(SYS_munmap, (long)base, (long)size, 0, 0, 0, 0);
	for (;;)
		__uni_syscall(SYS_exit, 0, 0, 0, 0, 0, 0);
}
