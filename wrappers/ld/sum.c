/* sum.c: every pvh image carries a checksum of its loaded bytes (note "uni", UNI_NOTE_SUM),
 * written after the link, so that uni-run refuses a damaged copy instead of booting it. */
#include "ld.h"
#include "imagesum.h"

#include <elf.h>
#include <string.h>
#include <sys/mman.h>

/* The note with a zero value, filled in by sum_write once the image exists. */
const char *sum_note_object(void)
{
	return ld_assemble("sum", uni_strf("\t.section .note.uni,\"a\",@note\n\t.balign 4\n"
		"\t.long 4, 8, %d\n\t.asciz \"uni\"\n\t.quad 0\n"
		"\t.section .note.GNU-stack,\"\",@progbits\n", UNI_NOTE_SUM));
}

void sum_write(const char *path)
{
	size_t size;
	unsigned char *d = output_map(path, "checksum", &size);
	const Elf64_Ehdr *eh = (const void *)d;
	const Elf64_Phdr *ph = (const void *)(d + eh->e_phoff);
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_NOTE)
			continue;
		for (uint64_t o = ph[i].p_offset; o + 12 <= ph[i].p_offset + ph[i].p_filesz; ) {
			const Elf64_Nhdr *nh = (const void *)(d + o);
			uint64_t nm = (nh->n_namesz + 3ull) & ~3ull, desc = (nh->n_descsz + 3ull) & ~3ull;
			if (nh->n_type == UNI_NOTE_SUM && nh->n_namesz == 4 && nh->n_descsz == 8 &&
			    !memcmp(d + o + 12, "uni", 4)) {
				uint64_t hole = o + 12 + nm, sum = uni_image_sum(d, ph, eh->e_phnum, hole);
				memcpy(d + hole, &sum, 8);
				munmap(d, size);
				return;
			}
			o += 12 + nm + desc;
		}
	}
	uni_die("checksum: the image %s has no checksum note after linking (fix: keep the "
		".note.uni section in a PT_NOTE segment in the linker script, as the sysroot's "
		"image.ld does)", path);
}
