/* Power-of-two size classes from 16 bytes to 2 KiB, each a free list refilled one page at
 * a time; larger requests are page ranges. Freed small objects stay in their class. */
#include <string.h>
#include "uni/kmem.h"
#include "uni/mm.h"
#include "uni/runtime.h"

#define MIN_SHIFT 4
#define MAX_SHIFT 11
#define NCLASS (MAX_SHIFT - MIN_SHIFT + 1)

struct free_obj {
	struct free_obj *next;
};

static struct free_obj *classes[NCLASS];

static int class_of(size_t n)
{
	int c = 0;
	while ((size_t)1 << (c + MIN_SHIFT) < n)
		c++;
	return c;
}

void *uni_kalloc(size_t n)
{
	if (n > (1u << MAX_SHIFT))
		return uni_mm_alloc(UNI_PAGE_UP(n));   /* zeroed by the page allocator */
	int c = class_of(n ? n : 1);
	size_t size = (size_t)1 << (c + MIN_SHIFT);
	if (!classes[c]) {
		char *page = uni_mm_alloc(UNI_PAGE_SIZE);
		if (!page)
			return NULL;
		for (size_t off = 0; off < UNI_PAGE_SIZE; off += size) {
			struct free_obj *o = (void *)(page + off);
			o->next = classes[c];
			classes[c] = o;
		}
	}
	struct free_obj *o = classes[c];
	classes[c] = o->next;
	memset(o, 0, size);
	return o;
}

void uni_kfree(void *p, size_t n)
{
	if (!p)
		return;
	if (n > (1u << MAX_SHIFT)) {
		uni_mm_free(p, UNI_PAGE_UP(n));
		return;
	}
	int c = class_of(n ? n : 1);
	struct free_obj *o = p;
	o->next = classes[c];
	classes[c] = o;
}
