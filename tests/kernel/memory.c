/* Exercises malloc, calloc, realloc, brk and anonymous mmap/munmap/mremap; prints checksums. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static uint64_t sum(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

int main(void)
{
	/* Many sizes, freed in a scrambled order. */
	enum { N = 2000 };
	static unsigned char *blk[N];
	uint64_t total = 0;
	for (int i = 0; i < N; i++) {
		size_t n = (size_t)(i * 7919 % 20000) + 1;
		blk[i] = malloc(n);
		if (!blk[i]) { puts("malloc failed"); return 1; }
		memset(blk[i], i & 0xff, n);
		total += sum(blk[i], n);
	}
	for (int i = 0; i < N; i += 2) free(blk[(i * 37) % N]);
	printf("small blocks %llx\n", (unsigned long long)total);

	/* Large blocks come back zeroed from calloc, even after reuse. */
	for (int round = 0; round < 3; round++) {
		unsigned char *big = calloc(16 << 20, 1);
		if (!big) { puts("calloc failed"); return 1; }
		size_t nz = 0;
		for (size_t i = 0; i < (16u << 20); i += 4096) nz += big[i] != 0;
		printf("calloc round %d nonzero pages %zu\n", round, nz);
		memset(big, 0xab, 16 << 20);
		free(big);
	}

	/* realloc keeps contents while growing. */
	char *s = malloc(16);
	strcpy(s, "grow");
	for (size_t n = 32; n <= (8u << 20); n *= 2) s = realloc(s, n);
	printf("realloc kept: %s\n", s);
	free(s);

	/* mmap, mremap (grow and move), munmap, and fresh zeroed pages. */
	size_t len = 1 << 20;
	unsigned char *m = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) { puts("mmap failed"); return 1; }
	memset(m, 0x5a, len);
	unsigned char *m2 = mremap(m, len, 4 * len, MREMAP_MAYMOVE);
	if (m2 == MAP_FAILED) { puts("mremap failed"); return 1; }
	printf("mremap kept %llx tail zero %d\n", (unsigned long long)sum(m2, len), m2[4 * len - 1] == 0);
	printf("munmap %d\n", munmap(m2, 4 * len));
	printf("munmap unaligned %d\n", munmap((char *)m2 + 1, 4096));

	/* brk grows and shrinks. */
	char *b0 = sbrk(0), *b1 = sbrk(1 << 20);
	if (b1 == (void *)-1) { puts("sbrk failed"); return 1; }
	memset(b1, 1, 1 << 20);
	printf("sbrk grew %d\n", (char *)sbrk(0) - b0 == (1 << 20));
	sbrk(-(1 << 20));
	printf("sbrk shrank %d\n", sbrk(0) == b0);
	return 0;
}
