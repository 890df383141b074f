/* Ring-3 → ring-0 service calls: the few operations ring 3 may not do itself (changing
 * page tables). They enter ring 0 with the syscall instruction and a number no Linux
 * syscall uses, and return with iretq (sysretq crashes under PVM, docs/HARDWARE.md). Each call
 * costs ~50 us under PVM, so callers batch and keep them off hot paths. */
#ifndef UNI_SERVICE_H
#define UNI_SERVICE_H

#define UNI_SERVICE_PROTECT 0x554e4901   /* (addr, len, prot): set page protections */
#define UNI_SERVICE_HALT 0x554e4902      /* (): sleep until the next interrupt */
#define UNI_SERVICE_FLUSH 0x554e4903     /* (): reload CR3 (this CPU's TLB) */
#define UNI_SERVICE_SMP 0x554e4904       /* (base, count): once, before starting other CPUs:
                                          * count*UNI_AP_BLOCK_SIZE bytes of zeroed program RAM at
                                          * base become their ring-0 memory; the real-mode start
                                          * code is copied to UNI_AP_TRAMPOLINE */

#ifndef __ASSEMBLER__
static inline long uni_service(long nr, long a, long b, long c)
{
	long ret;
	register long r10 __asm__("r10"), r8 __asm__("r8"), r9 __asm__("r9");
	/* Ring 0 runs on its own stack, so the red zone below %rsp is safe. */
	__asm__ volatile("syscall"
			 : "=a"(ret), "+D"(a), "+S"(b), "+d"(c), "=r"(r10), "=r"(r8), "=r"(r9)
			 : "a"(nr)
			 : "rcx", "r11", "memory");
	return ret;
}
#endif

#endif
