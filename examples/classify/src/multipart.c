/* multipart.c: walks a multipart/form-data body part by part: delimiter, header lines, empty line,
 * content up to CRLF + delimiter, until the closing delimiter ("--" after the boundary). */
#define _GNU_SOURCE /* memmem */
#include "multipart.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mediatype.h"

/* 1 if the header block [H, H+N) has a Content-Disposition line with a filename parameter. */
static int is_file_part(const unsigned char *h, size_t n)
{
	static const char name[] = "content-disposition:";
	const unsigned char *end = h + n;
	while (h < end) {
		const unsigned char *eol = memmem(h, end - h, "\r\n", 2);
		if (!eol) eol = end;
		char line[1024];
		size_t len = eol - h;
		if (len > sizeof name - 1 && len < sizeof line && !strncasecmp((const char *)h, name, sizeof name - 1)) {
			char filename[512];
			memcpy(line, h, len);
			line[len] = 0;
			if (!media_param(line + sizeof name - 1, "filename", filename, sizeof filename) ||
			    !media_param(line + sizeof name - 1, "filename*", filename, sizeof filename))
				return 1;
		}
		h = eol + 2;
	}
	return 0;
}

int multipart_first_file(const char *boundary, const unsigned char *body, size_t len, const unsigned char **data,
			 size_t *size, struct api_error *e)
{
	char delim[80]; /* CRLF "--" boundary: a boundary has at most 70 characters */
	size_t blen = strlen(boundary);
	if (blen < 1 || blen > 70) return api_fail(e, 400, "malformed multipart body: the boundary must have 1 to 70 characters");
	size_t dlen = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", boundary);
	const unsigned char *end = body + len, *p;
	/* The first delimiter starts the body or follows a preamble line. */
	if (len >= dlen - 2 && !memcmp(body, delim + 2, dlen - 2))
		p = body + dlen - 2;
	else if ((p = memmem(body, len, delim, dlen)))
		p += dlen;
	else
		return api_fail(e, 400, "malformed multipart body: no part starts with the boundary from Content-Type");
	*data = NULL;
	for (int part = 1;; part++) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-') break; /* the closing delimiter */
		while (p < end && (*p == ' ' || *p == '\t')) p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return api_fail(e, 400, "malformed multipart body: part %d's boundary line does not end with CRLF", part);
		const unsigned char *headers = p + 2, *content;
		size_t hlen;
		if (end - headers >= 2 && headers[0] == '\r' && headers[1] == '\n') {
			hlen = 0, content = headers + 2;
		} else {
			const unsigned char *blank = memmem(headers, end - headers, "\r\n\r\n", 4);
			if (!blank) return api_fail(e, 400, "malformed multipart body: part %d's headers do not end", part);
			hlen = blank - headers, content = blank + 4;
		}
		const unsigned char *next = memmem(content, end - content, delim, dlen);
		if (!next) return api_fail(e, 400, "malformed multipart body: part %d has no boundary after it (truncated?)", part);
		if (!*data && is_file_part(headers, hlen)) *data = content, *size = next - content;
		p = next + dlen;
	}
	if (!*data) return api_fail(e, 400, "the multipart body has no file part (Content-Disposition: form-data; name=...; filename=...)");
	return 0;
}
