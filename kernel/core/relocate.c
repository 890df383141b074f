/* A position-independent image relocating itself: the packed relative relocations ld left in
 * it (image.ld's .relr.dyn; uni-ld links an image with any other kind at a fixed address),
 * applied once, at the image's start, before any code reads an address stored in its data. */
#include <stdint.h>
#include "uni/boot.h"

extern const uint64_t __relr_start[] __attribute__((visibility("hidden")));
extern const uint64_t __relr_end[] __attribute__((visibility("hidden")));
/* Where image.ld linked the image: linker-script data, a link-time value however the image
 * is relocated. */
extern const uint64_t uni_image_link_address __attribute__((visibility("hidden")));
extern char __image_start[] __attribute__((visibility("hidden")));

uint64_t uni_image_delta(void)
{
	return (uint64_t)__image_start - uni_image_link_address;
}

/* Adds delta to every address the relocations name. Runs before anything is relocated: it
 * reads only its argument and what it reaches relative to the instruction pointer, and calls
 * nothing. The format (each word an address, or a bitmap of the 63 words after the last
 * one) is the ELF gABI's SHT_RELR. */
void uni_relocate(uint64_t delta)
{
	if (!delta)
		return;
	uint64_t *where = 0;
	for (const uint64_t *r = __relr_start; r < __relr_end; r++) {
		if (!(*r & 1)) {   /* an address: relocate it; bitmaps go on from the next word */
			where = (uint64_t *)(*r + delta);
			*where++ += delta;
			continue;
		}
		/* A bitmap: bit i (1..63) stands for the word i - 1 past 'where'. */
		for (uint64_t bits = *r >> 1, i = 0; bits; bits >>= 1, i++)
			if (bits & 1)
				where[i] += delta;
		where += 63;
	}
}
