/* multipart.h: finds the uploaded file in a multipart/form-data body (RFC 7578). */
#ifndef CLASSIFY_MULTIPART_H
#define CLASSIFY_MULTIPART_H

#include <stddef.h>

#include "error.h"

/* Finds the first file part (a Content-Disposition with a filename parameter) of BODY, whose parts
 * are separated by "--" BOUNDARY. The body must be well formed up to its closing delimiter.
 * Returns 0 with *DATA, *SIZE pointing into BODY, or -1 with E set (400). */
int multipart_first_file(const char *boundary, const unsigned char *body, size_t len, const unsigned char **data,
			 size_t *size, struct api_error *e);

#endif
