/* volserve_wire.c: 9P's message format for the volume server: little-endian integers and
 * length-prefixed strings, read without ever passing the end of the message and written
 * without passing the end of the reply buffer. */
#include "volserve.h"

#include <string.h>
#include <sys/stat.h>

/* n bytes of the request, or NULL (and bad) when fewer are left. */
static const unsigned char *take(struct wire_in *in, size_t n)
{
	if (in->bad || (size_t)(in->end - in->p) < n) {
		in->bad = 1;
		return NULL;
	}
	const unsigned char *p = in->p;
	in->p += n;
	return p;
}

static uint64_t get_le(struct wire_in *in, size_t n)
{
	const unsigned char *p = take(in, n);
	uint64_t v = 0;
	for (size_t i = 0; p && i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

uint8_t get8(struct wire_in *in) { return (uint8_t)get_le(in, 1); }
uint16_t get16(struct wire_in *in) { return (uint16_t)get_le(in, 2); }
uint32_t get32(struct wire_in *in) { return (uint32_t)get_le(in, 4); }
uint64_t get64(struct wire_in *in) { return get_le(in, 8); }

const char *getstr(struct wire_in *in, size_t *len)
{
	size_t n = get16(in);
	const unsigned char *p = take(in, n);
	*len = n;
	if (!p)
		return "";
	/* The arena is as large as a message and each string takes one byte more on the wire. */
	char *s = in->strs + in->strs_len;
	memcpy(s, p, n);
	s[n] = '\0';
	in->strs_len += n + 1;
	return s;
}

const unsigned char *getdata(struct wire_in *in, size_t count)
{
	return take(in, count);
}

static void put_le(struct wire_out *o, uint64_t v, size_t n)
{
	if (o->len + n > o->cap) {
		o->len = o->cap + 1;
		return;
	}
	for (size_t i = 0; i < n; i++)
		o->buf[o->len++] = (unsigned char)(v >> (8 * i));
}

void put8(struct wire_out *o, uint8_t v) { put_le(o, v, 1); }
void put16(struct wire_out *o, uint16_t v) { put_le(o, v, 2); }
void put32(struct wire_out *o, uint32_t v) { put_le(o, v, 4); }
void put64(struct wire_out *o, uint64_t v) { put_le(o, v, 8); }

void putstr(struct wire_out *o, const char *s)
{
	size_t n = strlen(s);
	put16(o, (uint16_t)n);
	if (o->len + n > o->cap) {
		o->len = o->cap + 1;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

void putqid(struct wire_out *o, const struct stat *st)
{
	put8(o, S_ISDIR(st->st_mode) ? 0x80 : S_ISLNK(st->st_mode) ? 0x02 : 0);
	put32(o, 0);
	put64(o, (uint64_t)st->st_ino);
}

void reply_start(struct wire_out *o, uint8_t type)
{
	o->len = 4;   /* size[4], filled in when the reply is sent */
	put8(o, type);
	put16(o, 0);  /* tag[2], likewise */
}
