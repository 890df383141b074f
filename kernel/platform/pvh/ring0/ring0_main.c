/* Ring 0: the 64-bit boot sequence after entry.S; ends by dropping to ring 3 for good. */
#include "ring0.h"
#include "uni/boot.h"
#include "uni/layout.h"

/* Page 0 of the address space maps here: the pseudo-TSS read by the CPU on events from ring 3. */
char uni_tss_page[UNI_PAGE_SIZE] __attribute__((aligned(UNI_PAGE_SIZE), section(".uni.ring0")));

/* Where the final tables put it: the CPU state ring 3 reaches, the final tables, ring 3. */
static _Noreturn void finish(uint64_t cr3)
{
	*(uint64_t *)(uni_tss_page + UNI_TSS_RSP0) = (uint64_t)uni_ring0_stack_top;
	*(uint64_t *)(uni_tss_page + UNI_R0_CPU) = (uint64_t)&uni_cpu0;
	r0_wrmsr(MSR_GS_BASE, (uint64_t)&uni_cpu0);   /* ring 3 finds its CPU's state at %gs:0 */
	__asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
	r0_load_gdt();
	uni_boot.cpu_features = uni_ring0_cpu();
	uni_ring0_idt();
	uni_ring0_syscall_msrs();
	uni_ring0_free_start = uni_boot.free_start;
	uni_ring0_ram_top = uni_boot.ram_top;

	__asm__ volatile(
		"mov %0, %%ds\n\tmov %0, %%es\n\t"
		"pushq %q0\n\tpushq %1\n\tpushq %2\n\tpushq %3\n\tpushq %4\n\t"
		"iretq"
		/* As if called: the C entry expects rsp = 8 mod 16. */
		: : "r"((uint64_t)UNI_SEL_UDATA), "r"(uni_boot.stack_top - 8), "i"(UNI_RFLAGS_USER),
		    "i"(UNI_SEL_UCODE), "r"(uni_pvh_user_start));
	__builtin_unreachable();
}

/* Runs where the image was loaded (one to one, entry.S's boot map). A moved image: the boot
 * map gets the moved zone's entries too, so that this code can jump there, stack and all,
 * before the final tables, which map only that, replace it. */
_Noreturn void uni_ring0_main(const struct pvh_start_info *si)
{
	uint64_t cr3 = uni_ring0_paging(si), off = uni_ring0_image_offset;
	if (!off)
		finish(cr3);
	for (uint64_t i = off >> 39; i <= (uni_ring0_zone_end - 1) >> 39; i++)
		boot_pml4[i] = uni_ring0_pml4[i];
	__asm__ volatile("add %0, %%rsp\n\tjmp *%1" : : "r"(off), "r"((uint64_t)finish + off), "D"(cr3) : "memory");
	__builtin_unreachable();
}
