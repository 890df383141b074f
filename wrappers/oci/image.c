/* image.c: read the image uni-oci packs and check it is a uni image for both platforms. */
#include "oci.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f)
		uni_die("reading the image: cannot open %s: %s (fix: give the path of the image "
			"uni-cc linked)", path, strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode))
		uni_die("reading the image: %s is not a regular file (fix: give the image uni-cc "
			"linked)", path);
	char *data = uni_xmalloc(st.st_size ? (size_t)st.st_size : 1);
	if (fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size || ferror(f))
		uni_die("reading the image: cannot read %s: %s (fix: make it readable)", path, strerror(errno));
	fclose(f);
	*size = (size_t)st.st_size;
	return data;
}

/* The UNI_NOTE_ABI descriptor's platform bits; -1 when the image has no such note. */
static long abi_platforms(const char *d, size_t size, const Elf64_Ehdr *eh)
{
	if (eh->e_phoff > size || (size - eh->e_phoff) / sizeof(Elf64_Phdr) < eh->e_phnum)
		return -1;
	const Elf64_Phdr *ph = (const void *)(d + eh->e_phoff);
	size_t namesz = strlen(UNI_NOTE_NAME) + 1;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_NOTE || ph[i].p_offset > size || ph[i].p_filesz > size - ph[i].p_offset)
			continue;
		const char *p = d + ph[i].p_offset, *end = p + ph[i].p_filesz;
		while ((size_t)(end - p) >= sizeof(Elf64_Nhdr)) {
			Elf64_Nhdr nh;
			memcpy(&nh, p, sizeof nh);
			/* Name and descriptor are each padded to 4 bytes. */
			size_t nm = (nh.n_namesz + 3ULL) & ~3ULL, desc = (nh.n_descsz + 3ULL) & ~3ULL;
			if (nm + desc > (size_t)(end - p) - sizeof nh)
				break;
			if (nh.n_type == UNI_NOTE_ABI && nh.n_namesz == namesz && nh.n_descsz == 8 &&
			    memcmp(p + sizeof nh, UNI_NOTE_NAME, namesz) == 0) {
				uint32_t v[2];
				memcpy(v, p + sizeof nh + nm, sizeof v);
				return v[1];
			}
			p += sizeof nh + nm + desc;
		}
	}
	return -1;
}

char *oci_read_image(const char *path, size_t *size)
{
	char *d = slurp(path, size);
	Elf64_Ehdr eh;
	if (*size < sizeof eh || memcmp(d, ELFMAG, SELFMAG) != 0)
		uni_die("checking the image: %s is not an ELF file, so not a uni image (fix: give "
			"the output of uni-cc (e.g. uni-cc -o hello hello.c))", path);
	memcpy(&eh, d, sizeof eh);
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64)
		uni_die("checking the image: %s is not an x86_64 ELF64 file, and uni images are "
			"(fix: give the output of uni-cc)", path);
	long bits = abi_platforms(d, *size, &eh);
	if (bits < 0)
		uni_die("checking the image: %s carries no uni ABI note, so it is not a uni image "
			"(a --uni-platform=linux executable or a host program?) (fix: link it with "
			"uni-cc)", path);
	if (!(bits & UNI_PLATFORM_PROCESS) || !(bits & UNI_PLATFORM_PVH))
		uni_die("checking the image: %s does not run on both the process platform (the "
			"container) and PVH (the KubeVirt VM) (fix: link it again with this "
			"toolchain's uni-cc)",
			path);
	return d;
}
