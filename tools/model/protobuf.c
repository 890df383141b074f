/* protobuf.c: the protocol buffers wire format, write side only, as much as ONNX files need:
 * a growable byte buffer and fields of wire type 0 (varint), 2 (length-delimited: strings,
 * bytes, embedded messages) and 5 (32-bit: float). Each field is its key, (number << 3) | wire
 * type as a varint, then the value. */
#include "model.h"
#include "uni.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { WIRE_VARINT = 0, WIRE_LEN = 2, WIRE_FIXED32 = 5 };

static void reserve(struct pbuf *b, size_t more)
{
	if (b->len + more <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more)
		cap *= 2;
	unsigned char *p = realloc(b->data, cap);
	if (!p)
		uni_die("memory: out of memory (fix: free memory, or give the machine more)");
	b->data = p;
	b->cap = cap;
}

void pb_raw(struct pbuf *b, const void *data, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
}

/* Seven bits at a time, least significant first; the high bit says more follow. */
static void varint(struct pbuf *b, uint64_t v)
{
	unsigned char bytes[10];
	size_t n = 0;
	do {
		bytes[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			bytes[n] |= 0x80;
		n++;
	} while (v);
	pb_raw(b, bytes, n);
}

static void key(struct pbuf *b, int field, int wire)
{
	varint(b, ((uint64_t)field << 3) | (uint64_t)wire);
}

void pb_int(struct pbuf *b, int field, int64_t v)
{
	key(b, field, WIRE_VARINT);
	/* int32 and int64 fields carry negative numbers as their 64-bit two's complement. */
	varint(b, (uint64_t)v);
}

void pb_bytes(struct pbuf *b, int field, const void *data, size_t n)
{
	key(b, field, WIRE_LEN);
	varint(b, n);
	pb_raw(b, data, n);
}

void pb_string(struct pbuf *b, int field, const char *s)
{
	pb_bytes(b, field, s, strlen(s));
}

void pb_message(struct pbuf *b, int field, struct pbuf *m)
{
	pb_bytes(b, field, m->data, m->len);
	pb_free(m);
}

void pb_float(struct pbuf *b, int field, float f)
{
	uint32_t bits;
	memcpy(&bits, &f, sizeof bits);
	key(b, field, WIRE_FIXED32);
	pb_le32(b, bits);
}

void pb_le32(struct pbuf *b, uint32_t v)
{
	unsigned char bytes[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
				   (unsigned char)(v >> 24) };
	pb_raw(b, bytes, sizeof bytes);
}

void pb_free(struct pbuf *b)
{
	free(b->data);
	*b = (struct pbuf){ 0 };
}
