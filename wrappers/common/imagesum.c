/* imagesum.c: the checksum uni-ld records in a PVH image and uni-run verifies (imagesum.h). */
#include "imagesum.h"

uint64_t uni_image_sum(const unsigned char *data, const Elf64_Phdr *ph, unsigned n, uint64_t hole)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (unsigned i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		for (uint64_t o = ph[i].p_offset; o < ph[i].p_offset + ph[i].p_filesz; o++) {
			unsigned char b = o < sizeof(Elf64_Ehdr) || (o >= hole && o < hole + 8) ? 0 : data[o];
			h = (h ^ b) * 0x100000001b3ull;
		}
	}
	return h;
}
