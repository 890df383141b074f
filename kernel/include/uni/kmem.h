/* Small-object allocator for runtime data structures (inodes, directory entries, open
 * files). It draws pages from the page allocator and never calls musl's malloc, which
 * belongs to the program and may be the caller. */
#ifndef UNI_KMEM_H
#define UNI_KMEM_H

#include <stddef.h>

/* Returns n zeroed bytes, 16-byte aligned, or NULL when RAM is exhausted. Sizes above
 * 2 KiB are whole pages straight from the page allocator. */
void *uni_kalloc(size_t n);
/* Frees p, which uni_kalloc(n) returned; n must be the same size. NULL is ignored.
 * Small objects go back to their size class, not to the page pool. */
void uni_kfree(void *p, size_t n);

#endif
