/* fuzz.c: writes a damaged copy of an image for tests/run/image-fuzz.test, deterministically
 * from the case number: fuzz SRC DST CASE prints what it did. Cases 0-39 flip one byte of
 * the ELF header, 40-89 of the program headers, 90-119 of the PT_NOTE segment, 120-169
 * anywhere in the file; 170-199 cut the file short. */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng;
static uint64_t next(void)
{
	/* xorshift64*: the same sequence on every host */
	rng ^= rng >> 12, rng ^= rng << 25, rng ^= rng >> 27;
	return rng * 2685821657736338717ull;
}

int main(int argc, char **argv)
{
	if (argc != 4)
		return 2;
	FILE *f = fopen(argv[1], "rb");
	if (!f)
		return 2;
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	rewind(f);
	unsigned char *d = malloc((size_t)size);
	if (!d || fread(d, 1, (size_t)size, f) != (size_t)size)
		return 2;
	fclose(f);
	int c = atoi(argv[3]);
	rng = 0x9e3779b97f4a7c15ull ^ (uint64_t)(c + 1) * 0x100000001b3ull;
	next();
	const Elf64_Ehdr *eh = (const void *)d;
	const Elf64_Phdr *ph = (const void *)(d + eh->e_phoff);
	uint64_t lo = 0, len = (uint64_t)size;
	const char *what = "anywhere";
	if (c < 40) {
		len = sizeof *eh, what = "ELF header";
	} else if (c < 90) {
		lo = eh->e_phoff, len = (uint64_t)eh->e_phnum * sizeof *ph, what = "program headers";
	} else if (c < 120) {
		for (unsigned i = 0; i < eh->e_phnum; i++)
			if (ph[i].p_type == PT_NOTE)
				lo = ph[i].p_offset, len = ph[i].p_filesz, what = "notes";
	}
	long out = size;
	if (c >= 170) {
		static const long fixed[] = { 0, 1, 4, 16, 52, 63, 64, 100, 120, 176, 232, 400 };
		int k = c - 170;
		out = k < 12 ? fixed[k] : (long)(next() % (uint64_t)size);
		printf("case %d: cut to %ld of %ld bytes\n", c, out, size);
	} else {
		uint64_t at = lo + next() % len;
		unsigned char x = (unsigned char)(1u << (next() % 8));
		if (c >= 20 && c < 40)   /* a random new value rather than one bit */
			x = (unsigned char)(next() % 255 + 1);
		d[at] ^= x;
		printf("case %d: %s byte at %llu xor 0x%02x\n", c, what, (unsigned long long)at, x);
	}
	f = fopen(argv[2], "wb");
	if (!f || fwrite(d, 1, (size_t)out, f) != (size_t)out || fclose(f))
		return 2;
	return 0;
}
