/* Page-range bookkeeping over free RAM (mm/pages.c), used by brk and mmap (mm/map.c),
 * and the layout's random offsets (mm/aslr.c). */
#ifndef UNI_MM_H
#define UNI_MM_H

#include <stdint.h>
#include "uni/layout.h"

#define UNI_PAGE_UP(x) (((uint64_t)(x) + UNI_PAGE_SIZE - 1) & ~(uint64_t)(UNI_PAGE_SIZE - 1))

/* Takes [s, e) out of the free list (zeroing reused parts); returns how many bytes of it were free. */
uint64_t uni_mm_claim(uint64_t s, uint64_t e);
/* Returns [s, e) to the free list; already-free parts are ignored. */
void uni_mm_release(uint64_t s, uint64_t e);
/* Whether all of [s, e) is free. */
int uni_mm_is_free(uint64_t s, uint64_t e);

/* Whether this image randomizes its layout: yes unless linked with uni-ld -z norandmaps or
 * uni_aslr_host_off is set (by the process platform, for a host process run with Linux's
 * ADDR_NO_RANDOMIZE: setarch -R, gdb). */
int uni_aslr_on(void);
extern int uni_aslr_host_off;
/* A random multiple of align (a power of two) below span, drawn anew on each call; 0 when the
 * layout is not randomized (mm/aslr.c). */
uint64_t uni_aslr_offset(uint64_t span, uint64_t align);

#endif
