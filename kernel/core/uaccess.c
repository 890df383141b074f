/* Probing program pointers before a syscall uses them: one read (or locked write of nothing)
 * per page, at an instruction registered here, so that a fault there resumes at a fixup that
 * returns -EFAULT. What the page tables say is what counts, mprotect and guard pages
 * included. A thread that unmaps memory while another's syscall uses it can still crash. */
#include <errno.h>
#include <stdint.h>
#include "uni/cpu.h"
#include "uni/layout.h"
#include "uni/uaccess.h"

long uni_probe_read(const void *p);
long uni_probe_write(void *p);
extern char uni_probe_read_insn[], uni_probe_write_insn[], uni_probe_fault[];
_Noreturn void uni_resume_runtime_frame(const struct uni_trap_frame *f, const void *xsave);

/* Past the top of the canonical lower half, or the device window below 4 GiB: never the
 * program's memory (device registers have side effects even when read). */
static int bad_range(uint64_t a, uint64_t n)
{
	uint64_t end = a + n;
	return end < a || end > 0x800000000000ull || (a < 0x100000000ull && end > UNI_DEVICE_BASE);
}

long uni_user_check(const void *p, size_t n, int write)
{
	uint64_t a = (uint64_t)p;
	if (!n)
		return 0;
	if (bad_range(a, n))
		return -EFAULT;
	for (uint64_t page = a & ~(uint64_t)(UNI_PAGE_SIZE - 1); page < a + n; page += UNI_PAGE_SIZE) {
		void *at = (void *)(page < a ? a : page);
		if (write ? uni_probe_write(at) : uni_probe_read(at))
			return -EFAULT;
	}
	return 0;
}

long uni_user_string(const char *s, size_t max)
{
	uint64_t a = (uint64_t)s;
	for (size_t i = 0; i < max; ) {
		if (bad_range(a + i, 1) || uni_probe_read(s + i))
			return -EFAULT;
		size_t page_end = UNI_PAGE_SIZE - ((a + i) & (UNI_PAGE_SIZE - 1));
		for (size_t j = 0; j < page_end && i < max; j++, i++)
			if (!s[i])
				return 0;
	}
	return -ENAMETOOLONG;
}

void uni_user_fixup(const struct uni_trap_frame *f, const void *xsave)
{
	if ((f->vector != 14 && f->vector != 13) ||
	    (f->rip != (uint64_t)uni_probe_read_insn && f->rip != (uint64_t)uni_probe_write_insn))
		return;
	struct uni_trap_frame g = *f;
	g.rip = (uint64_t)uni_probe_fault;
	uni_resume_runtime_frame(&g, xsave);
}
