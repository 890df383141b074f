/* The host's vDSO clock: Linux maps a small shared object into every process whose
 * __vdso_clock_gettime reads the clock without entering the kernel (where the clock source
 * allows; else it makes the syscall itself). The runtime reads time constantly (every
 * syscall that sleeps, every scheduler decision), so the process platform's clock goes
 * through it: found at start from the auxiliary vector (AT_SYSINFO_EHDR) by a walk of its
 * ELF dynamic symbols. A fallback syscall from its text is not the program's: the sandbox
 * handler makes it from the host text instead (traps.c). */
#include <elf.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include "process.h"

static long (*vdso_clock_gettime)(clockid_t, struct timespec *);
static uint64_t text_lo, text_hi;

void uni_host_vdso_init(uint64_t base)
{
	const Elf64_Ehdr *eh = (const void *)base;
	if (!base || memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64)
		return;
	const Elf64_Phdr *ph = (const void *)(base + eh->e_phoff);
	const Elf64_Dyn *dyn = 0;
	int64_t bias = 0;
	int have_load = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !have_load) {
			bias = (int64_t)base - (int64_t)ph[i].p_vaddr;   /* the first load maps the header */
			have_load = 1;
		}
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const void *)ph[i].p_vaddr;
	}
	if (!have_load || !dyn)
		return;
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X)) {
			text_lo = (uint64_t)bias + ph[i].p_vaddr;
			text_hi = text_lo + ph[i].p_memsz;
		}
	dyn = (const void *)((uint64_t)dyn + (uint64_t)bias);
	const Elf64_Sym *sym = 0;
	const char *str = 0;
	const uint32_t *hash = 0;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		uint64_t p = (uint64_t)bias + dyn->d_un.d_ptr;
		if (dyn->d_tag == DT_SYMTAB)
			sym = (const void *)p;
		else if (dyn->d_tag == DT_STRTAB)
			str = (const void *)p;
		else if (dyn->d_tag == DT_HASH)
			hash = (const void *)p;
	}
	if (!sym || !str || !hash)
		return;   /* no SysV hash table to count the symbols by: keep the syscall */
	for (uint32_t i = 0; i < hash[1]; i++)   /* hash[1]: the number of symbols */
		if (ELF64_ST_TYPE(sym[i].st_info) == STT_FUNC && sym[i].st_shndx != SHN_UNDEF &&
		    !strcmp(str + sym[i].st_name, "__vdso_clock_gettime"))
			vdso_clock_gettime = (void *)((uint64_t)bias + sym[i].st_value);
}

void uni_host_clock(clockid_t clock, struct timespec *t)
{
	if (!vdso_clock_gettime || vdso_clock_gettime(clock, t))
		host2(SYS_clock_gettime, clock, t);
}

int uni_host_in_vdso(uint64_t ip)
{
	return ip > text_lo && ip <= text_hi;
}
