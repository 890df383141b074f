/* What lwIP needs from its platform (lwip-port/arch/cc.h, lwipopts.h): time, memory from the
 * runtime's allocator (size-prefixed, since lwIP frees without a size), random numbers and
 * diagnostics. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "lwip/sys.h"
#include "uni/console.h"
#include "uni/kmem.h"
#include "uni/runtime.h"

#define PREFIX 16   /* keeps lwIP's 8-byte alignment (the allocator gives 16) */

u32_t sys_now(void)
{
	return (u32_t)(uni_clock_ns() / 1000000);
}

void *uni_lwip_malloc(size_t n)
{
	unsigned char *p = uni_kalloc(n + PREFIX);
	if (!p)
		return 0;
	memcpy(p, &n, sizeof n);
	return p + PREFIX;
}

void *uni_lwip_calloc(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size - PREFIX)
		return 0;
	return uni_lwip_malloc(n * size);   /* uni_kalloc zeroes */
}

void uni_lwip_free(void *p)
{
	if (!p)
		return;
	unsigned char *b = (unsigned char *)p - PREFIX;
	size_t n;
	memcpy(&n, b, sizeof n);
	uni_kfree(b, n + PREFIX);
}

uint32_t uni_lwip_rand(void)
{
	uint32_t r;
	uni_random_bytes(&r, sizeof r);
	return r;
}

void uni_lwip_diag(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	uni_log("lwip: %s", buf);
}

_Noreturn void uni_lwip_assert(const char *what, const char *file, int line)
{
	uni_log("lwip assertion failed: %s (%s:%d)", what, file, line);
	uni_exit(134);
}
