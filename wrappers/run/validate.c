/* validate.c: an image is untrusted input. Before anything boots, a PVH image is checked
 * against what QEMU's PVH loader and the runtime accept, and -m against the memory the image
 * needs at boot; a damaged PVH image is refused, never mistaken for a Linux executable. */
#include "run.h"
#include "imagesum.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

#define MIB (1ull << 20)
/* PVH loads segments at their physical addresses, from 1 MiB; the runtime maps RAM below
 * 512 GiB and an image far above a few hundred MiB is not one uni-ld made. */
#define LOAD_MIN MIB
#define LOAD_MAX (4096 * MIB)
#define MAX_PHDRS 64

static const Elf64_Phdr *phdrs(const struct image *im, unsigned *n)
{
	const Elf64_Ehdr *eh = (const void *)im->data;
	*n = eh->e_phnum;
	return (const void *)(im->data + eh->e_phoff);
}

/* Whether an image without a usable Xen note still is one uni-ld made for pvh: a Xen note of
 * any type, an entry point or a segment where the image script puts them (1 MiB; a Linux
 * executable starts at 4 MiB or, static-pie, at 0). One damaged byte cannot hide all three. */
int image_pvh_marked(const struct image *im)
{
	const Elf64_Ehdr *eh = (const void *)im->data;
	if (eh->e_entry >= LOAD_MIN && eh->e_entry < 4 * MIB)
		return 1;
	unsigned n;
	const Elf64_Phdr *ph = phdrs(im, &n);
	for (unsigned i = 0; i < n; i++) {
		if (ph[i].p_type == PT_LOAD && ph[i].p_paddr >= LOAD_MIN && ph[i].p_paddr < 4 * MIB)
			return 1;
		if (ph[i].p_type == PT_NOTE && ph[i].p_offset < im->size &&
		    memmem(im->data + ph[i].p_offset, im->size - ph[i].p_offset < ph[i].p_filesz ?
			   im->size - ph[i].p_offset : ph[i].p_filesz, "Xen", 4))
			return 1;
	}
	return 0;
}

static void refuse(const struct image *im, const char *what)
{
	uni_die("image: %s is damaged: %s; nothing was booted (fix: link it again with uni-cc; a "
		"copy that was cut short or changed in transit also shows this)", im->path, what);
}

/* Every note of a PT_NOTE segment must parse to its end; only Xen's PVH entry, uni's own and
 * the GNU build id are expected. Returns the PVH entry, 0 if there is none. */
static uint64_t sum_at;   /* file offset of the checksum note's value; 0 = none seen */

static uint64_t check_notes(const struct image *im, const Elf64_Phdr *p)
{
	const unsigned char *d = im->data + p->p_offset, *end = d + p->p_filesz;
	uint64_t entry = 0;
	while (d < end) {
		if ((size_t)(end - d) < sizeof(Elf64_Nhdr))
			refuse(im, "a note is cut short");
		const Elf64_Nhdr *nh = (const void *)d;
		uint64_t nm = (nh->n_namesz + 3ull) & ~3ull, desc = (nh->n_descsz + 3ull) & ~3ull;
		if (nm + desc > (size_t)(end - d) - sizeof *nh)
			refuse(im, "a note is larger than its segment");
		const char *name = (const char *)d + sizeof *nh;
		const unsigned char *dd = d + sizeof *nh + nm;
		if (nh->n_namesz == 4 && !memcmp(name, "Xen", 4)) {
			if (nh->n_type != UNI_XEN_NOTE_PVH_ENTRY || (nh->n_descsz != 4 && nh->n_descsz != 8))
				refuse(im, "its Xen note is not a PVH entry");
			uint32_t e;
			memcpy(&e, dd, 4);
			entry = e;
		} else if (nh->n_namesz == 4 && !memcmp(name, "uni", 4)) {
			uint32_t cpus;
			if (nh->n_type == UNI_NOTE_ABI && nh->n_descsz == 8) {
				/* image.c compares its version */
			} else if (nh->n_type == UNI_NOTE_SUM && nh->n_descsz == 8) {
				sum_at = (uint64_t)(dd - im->data);
			} else if (nh->n_type == UNI_NOTE_CPUS && nh->n_descsz == 4) {
				memcpy(&cpus, dd, 4);
				if (cpus < 1 || cpus > 16)
					refuse(im, "its CPU-count note is outside 1..16");
			} else {
				refuse(im, "it has a uni note of an unknown type or size");
			}
		} else if (!(nh->n_namesz == 4 && !memcmp(name, "GNU", 4) && nh->n_type == NT_GNU_BUILD_ID)) {
			refuse(im, "it has a note uni-ld does not make");
		}
		d += sizeof *nh + nm + desc;
	}
	return entry;
}

static uint64_t validate_pvh(const struct image *im)
{
	const Elf64_Ehdr *eh = (const void *)im->data;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT ||
	    eh->e_machine != EM_X86_64 || (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) || eh->e_ehsize != sizeof *eh ||
	    eh->e_flags != 0)   /* QEMU's elfboot refuses any flag */
		refuse(im, "its ELF header is not that of an x86_64 executable");   /* ET_DYN: PIE (uni-ld) */
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 || eh->e_phnum > MAX_PHDRS ||
	    eh->e_phoff > im->size || (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > im->size - eh->e_phoff)
		refuse(im, "its program header table lies outside the file or has an odd size");
	unsigned n;
	const Elf64_Phdr *ph = phdrs(im, &n);
	uint64_t entry = 0, image_end = 0;
	int loads = 0, notes = 0;
	for (unsigned i = 0; i < n; i++) {
		const Elf64_Phdr *p = &ph[i];
		if (p->p_type != PT_LOAD && p->p_type != PT_NOTE)
			continue;
		if (p->p_offset > im->size || p->p_filesz > im->size - p->p_offset)
			refuse(im, "a segment lies outside the file");
		if (p->p_type == PT_NOTE) {
			uint64_t e = check_notes(im, p);
			if (e && entry && e != entry)
				refuse(im, "it has two different PVH entries");
			entry = e ? e : entry;
			notes++;
			continue;
		}
		loads++;
		if (p->p_filesz > p->p_memsz || p->p_vaddr != p->p_paddr)
			refuse(im, "a loadable segment's sizes or addresses are inconsistent");
		if (p->p_paddr < LOAD_MIN || p->p_memsz > LOAD_MAX || p->p_paddr > LOAD_MAX - p->p_memsz)
			refuse(im, "a loadable segment lies outside 1 MiB .. 4 GiB, where PVH loads images");
		for (unsigned j = 0; j < i; j++)
			if (ph[j].p_type == PT_LOAD && p->p_paddr < ph[j].p_paddr + ph[j].p_memsz &&
			    ph[j].p_paddr < p->p_paddr + p->p_memsz)
				refuse(im, "two loadable segments overlap");
		if (p->p_paddr + p->p_memsz > image_end)
			image_end = p->p_paddr + p->p_memsz;
	}
	if (!loads || !notes || !entry)
		refuse(im, "it has no PVH entry note or nothing to load");
	/* Only a PVH guest written without the runtime (tests/run/lib.sh's) may lack the sum:
	 * one damaged byte cannot both hide the note and the runtime's entry symbol. */
	if (!sum_at && symtab_defines(im, "uni_pvh_entry") != 0)
		refuse(im, "it has no checksum note (uni-ld writes one into every image it links)");
	uint64_t want;
	if (sum_at) {
		memcpy(&want, im->data + sum_at, 8);
		if (uni_image_sum(im->data, ph, n, sum_at) != want)
			refuse(im, "its contents differ from the checksum uni-ld recorded");
	}
	int entry_ok = 0;
	for (unsigned i = 0; i < n; i++)
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X) && entry >= ph[i].p_paddr &&
		    entry < ph[i].p_paddr + ph[i].p_filesz)
			entry_ok = 1;
	if (!entry_ok)
		refuse(im, "its PVH entry is not inside an executable segment");
	return image_end;
}

/* QEMU's -m syntax (validated by opts.c): a number of MiB, or with a K/M/G/T suffix. */
static uint64_t mem_bytes(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 10);
	switch (*end) {
	case 'K': case 'k': return v << 10;
	case 'G': case 'g': return v << 30;
	case 'T': case 't': return v << 40;
	default: return v << 20;
	}
}

/* The runtime maps RAM after the image in 4 KiB pages up to the next 2 MiB boundary (its
 * page tables, the guard page and the start of the stack live there) and the rest in whole
 * 2 MiB pages: the main stack and the first allocations need at least one of those. */
static void check_memory(const struct image *im, uint64_t image_end, const char *mem)
{
	uint64_t tables = 4 * 4096 + 4096;   /* page tables for the first GiB, the guard page */
	uint64_t floor = ((image_end + tables + 2 * MIB - 1) & ~(2 * MIB - 1)) + 2 * MIB;
	uint64_t have = mem_bytes(mem);
	if (have < floor)
		uni_die("-m %s is below what image %s needs to boot: %llu MiB (the image takes "
			"%llu KiB from 1 MiB up; the runtime needs its page tables and one 2 MiB "
			"page for the stack and first allocations) (fix: use -m %lluM or more)", mem, im->path,
			 (unsigned long long)(floor / MIB), (unsigned long long)((image_end - LOAD_MIN) >> 10),
			 (unsigned long long)(floor / MIB));
}

void image_validate(const struct image *im, const struct run_opts *o)
{
	if (im->kind != IMAGE_PVH)
		return;
	check_memory(im, validate_pvh(im), o->mem);
}
