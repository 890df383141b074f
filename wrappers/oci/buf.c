/* buf.c: growable byte buffers and JSON string literals. */
#include "buf.h"
#include "uni.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_add(struct buf *b, const void *data, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n)
			cap *= 2;
		b->p = realloc(b->p, cap);
		if (!b->p)
			uni_die("memory: out of memory (%zu bytes) (fix: free memory, or give the "
				"machine more)", cap);
		b->cap = cap;
	}
	memcpy(b->p + b->n, data, n);
	b->n += n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	char *s;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		uni_die("memory: out of memory (fix: free memory, or give the machine more)");
	buf_add(b, s, (size_t)n);
	free(s);
}

void buf_json_str(struct buf *b, const char *s)
{
	buf_add(b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addf(b, "\\%c", *p);
		else if (*p < 0x20)
			buf_addf(b, "\\u%04x", *p);
		else
			buf_add(b, p, 1);
	}
	buf_add(b, "\"", 1);
}
