/* buf.h: a growable byte buffer, which the layer tar and the JSON documents are built in. */
#ifndef UNI_OCI_BUF_H
#define UNI_OCI_BUF_H

#include <stddef.h>

struct buf {
	char *p;
	size_t n, cap;
};
void buf_add(struct buf *b, const void *data, size_t n);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a JSON string literal, quotes included (RFC 8259 section 7). */
void buf_json_str(struct buf *b, const char *s);

#endif
