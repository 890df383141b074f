/* image.c: map an image and tell a PVH image (Xen note 18) from a static x86_64 Linux executable. */
#include "run.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* XEN_ELFNOTE_PHYS32_ENTRY: QEMU's -kernel boots an ELF in PVH mode only if it has this note. */
#define XEN_NOTE_PVH_ENTRY 18

static int in_file(const struct image *im, uint64_t off, uint64_t len)
{
	return off <= im->size && len <= im->size - off;
}

static int has_pvh_note(const struct image *im, const Elf64_Phdr *ph, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (ph[i].p_type != PT_NOTE || !in_file(im, ph[i].p_offset, ph[i].p_filesz))
			continue;
		const unsigned char *p = im->data + ph[i].p_offset, *end = p + ph[i].p_filesz;
		while ((size_t)(end - p) >= sizeof(Elf64_Nhdr)) {
			const Elf64_Nhdr *nh = (const void *)p;
			/* Name and descriptor are each padded to 4 bytes. */
			uint64_t name = (nh->n_namesz + 3ULL) & ~3ULL, desc = (nh->n_descsz + 3ULL) & ~3ULL;
			if (name + desc > (size_t)(end - p) - sizeof *nh)
				break;
			if (nh->n_type == XEN_NOTE_PVH_ENTRY && nh->n_namesz == 4 &&
			    memcmp(p + sizeof *nh, "Xen", 4) == 0)
				return 1;
			p += sizeof *nh + name + desc;
		}
	}
	return 0;
}

void image_open(struct image *im, const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		run_fail("cannot open image %s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		run_fail("image %s is not a regular file", path);
	im->path = path;
	im->size = (size_t)st.st_size;
	if (im->size < sizeof(Elf64_Ehdr))
		run_fail("image %s is not an ELF file (too short)", path);
	im->data = mmap(NULL, im->size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (im->data == MAP_FAILED)
		run_fail("cannot read image %s: %s", path, strerror(errno));
	close(fd);

	const Elf64_Ehdr *eh = (const void *)im->data;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		run_fail("image %s is not an ELF file", path);
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_machine != EM_X86_64)
		run_fail("image %s is not an x86_64 ELF file", path);
	if (eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    !in_file(im, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
		run_fail("image %s has a corrupt program header table", path);
	const Elf64_Phdr *ph = (const void *)(im->data + eh->e_phoff);

	if (has_pvh_note(im, ph, eh->e_phnum)) {
		im->kind = IMAGE_PVH;
		return;
	}
	/* Not bootable; a linux-platform build is an ordinary static executable (maybe static-pie). */
	int interp = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++)
		interp |= ph[i].p_type == PT_INTERP;
	if ((eh->e_type != ET_EXEC && eh->e_type != ET_DYN) || interp)
		run_fail("image %s is not a uni image (no PVH note) nor a static Linux executable%s", path,
			 interp ? " (it is dynamically linked)" : "");
	im->kind = IMAGE_LINUX;
}
