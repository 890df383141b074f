/* Ring 0: turns on the CPU state ring 3 needs: SSE, AVX (and AVX-512 where present) through
 * XSAVE/XCR0, and FSGSBASE so musl sets its thread pointer from ring 3 with wrfsbase. */
#include "ring0.h"
#include "uni/boot.h"
#include "uni/layout.h"

#define CR4_OSFXSR (1ul << 9)
#define CR4_OSXMMEXCPT (1ul << 10)
#define CR4_FSGSBASE (1ul << 16)
#define CR4_OSXSAVE (1ul << 18)

#define XCR0_X87 0x1ull
#define XCR0_SSE 0x2ull
#define XCR0_AVX 0x4ull
#define XCR0_AVX512 0xe0ull   /* opmask, ZMM_Hi256, Hi16_ZMM */

uint32_t uni_ring0_cpu(void)
{
	uint32_t r1[4], r7[4], features = 0;
	unsigned long cr4;

	r0_cpuid(1, 0, r1);
	r0_cpuid(7, 0, r7);
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (r7[1] & 1) {
		cr4 |= CR4_FSGSBASE;
		features |= UNI_CPU_FSGSBASE;
	}
	if (r1[2] & (1u << 26)) {
		cr4 |= CR4_OSXSAVE;
		features |= UNI_CPU_XSAVE;
	}
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4));

	if (features & UNI_CPU_XSAVE) {
		uint32_t rd[4];
		r0_cpuid(0xd, 0, rd);
		uint64_t supported = rd[0] | ((uint64_t)rd[3] << 32);
		uint64_t xcr0 = XCR0_X87 | XCR0_SSE;
		if ((supported & XCR0_AVX) && (r1[2] & (1u << 28)))
			xcr0 |= XCR0_AVX;
		if ((xcr0 & XCR0_AVX) && (supported & XCR0_AVX512) == XCR0_AVX512 && (r7[1] & (1u << 16))) {
			xcr0 |= XCR0_AVX512;
			features |= UNI_CPU_AVX512;
		}
		__asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)xcr0), "d"((uint32_t)(xcr0 >> 32)));
	}
	return features;
}

#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_SFMASK 0xc0000084

void uni_ring0_syscall_msrs(void)
{
	r0_wrmsr(MSR_EFER, r0_rdmsr(MSR_EFER) | 1);   /* SCE */
	/* Kernel CS 0x08 (SS 0x10) on entry; the sysret half matches the GDT though unused. */
	r0_wrmsr(MSR_STAR, (uint64_t)0x10 << 48 | (uint64_t)UNI_SEL_KCODE << 32);
	r0_wrmsr(MSR_LSTAR, (uint64_t)uni_syscall_entry);
	r0_wrmsr(MSR_SFMASK, 0x40700);   /* clear IF, TF, DF, AC on entry */
}
