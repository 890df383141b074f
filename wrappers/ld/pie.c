/* pie.c: finishing a position-independent image. Its own start applies packed relative
 * relocations only (kernel/core/relocate.c), so an image that needs any other kind (an
 * unaligned pointer, which RELR cannot express) is linked again at a fixed address. And it is
 * marked ET_DYN, which ld writes only for a link at address 0: an image is linked at 1 MiB,
 * where QEMU loads it, and Linux places an ET_DYN one anywhere. */
#include "ld.h"

#include <elf.h>
#include <sys/mman.h>

/* How many relocations the image's loaded RELA sections hold. */
static uint64_t unpacked_relocations(const unsigned char *d, size_t size)
{
	const Elf64_Ehdr *eh = (const void *)d;
	if (eh->e_shoff == 0 || eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > size)
		return 0;
	const Elf64_Shdr *sh = (const void *)(d + eh->e_shoff);
	uint64_t n = 0;
	for (unsigned i = 0; i < eh->e_shnum; i++)
		if ((sh[i].sh_type == SHT_RELA || sh[i].sh_type == SHT_REL) && (sh[i].sh_flags & SHF_ALLOC))
			n += sh[i].sh_size / (sh[i].sh_entsize ? sh[i].sh_entsize : sizeof(Elf64_Rela));
	return n;
}

bool pie_finish(const char *path)
{
	size_t size;
	unsigned char *d = output_map(path, "link", &size);
	uint64_t unpacked = unpacked_relocations(d, size);
	if (!unpacked)
		((Elf64_Ehdr *)d)->e_type = ET_DYN;
	munmap(d, size);
	if (unpacked)
		uni_warn("link: the image needs %llu run-time relocations of a kind only a dynamic loader "
			 "applies (an address stored at an unaligned place, say), so it is linked at a "
			 "fixed address and its base is the same on every start (fix: align the data "
			 "that holds addresses)", (unsigned long long)unpacked);
	return !unpacked;
}
