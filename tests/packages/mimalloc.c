/* mimalloc.c: a program linked with $(uni-pkg-config --libs mimalloc) whose allocations all go
 * to mimalloc: it checks each call's result (sizes, alignment, contents kept across realloc),
 * frees blocks on another thread than the one that made them, and asks mimalloc whether it owns
 * the blocks malloc, aligned_alloc and strdup (inside musl) returned. Prints the same lines in an
 * image and in a linux build. */
#include <malloc.h>
#include <mimalloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 20000
static char *blocks[N];

static void *free_all(void *arg)
{
	(void)arg;
	for (int i = 0; i < N; i++)
		free(blocks[i]);
	return NULL;
}

int main(void)
{
	int bad = 0;
	for (int i = 0; i < N; i++) {
		size_t n = 1 + (size_t)(i * 7919) % 1000;
		if (!(blocks[i] = malloc(n)) || malloc_usable_size(blocks[i]) < n)
			bad++;
		else
			memset(blocks[i], i & 0xff, n);
	}
	for (int i = 0; i < N; i += 2) {
		size_t n = 1 + (size_t)(i * 7919) % 1000;
		char *p = realloc(blocks[i], n * 3);
		if (!p || (unsigned char)p[n - 1] != (i & 0xff))
			bad++;
		blocks[i] = p;
	}
	printf("malloc/realloc: %d of %d blocks wrong\n", bad, N);
	printf("mimalloc owns malloc's blocks: %s\n", mi_is_in_heap_region(blocks[N - 1]) ? "yes" : "no");
	pthread_t t;
	if (pthread_create(&t, NULL, free_all, NULL) || pthread_join(t, NULL))
		return 1;
	printf("freed on another thread: ok\n");

	void *a = aligned_alloc(4096, 8192), *m = NULL;
	int pm = posix_memalign(&m, 256, 1000);
	printf("aligned_alloc 4096: %s, mimalloc's: %s\n", (uintptr_t)a % 4096 ? "misaligned" : "aligned",
		mi_is_in_heap_region(a) ? "yes" : "no");
	printf("posix_memalign 256: %s\n", pm || (uintptr_t)m % 256 ? "failed" : "aligned");
	char *s = strdup("duplicated inside musl");
	printf("strdup: '%s', mimalloc's: %s\n", s, mi_is_in_heap_region(s) ? "yes" : "no");
	char *z = calloc(1000, 1000);
	size_t nonzero = 0;
	for (size_t i = 0; z && i < 1000000; i++)
		nonzero += z[i] != 0;
	printf("calloc 1 MB: %s\n", z && !nonzero ? "zeroed" : "not zeroed");
	free(a);
	free(m);
	free(s);
	free(z);
	printf("RESULT: %s\n", bad ? "bad" : "ok");
	return 0;
}
