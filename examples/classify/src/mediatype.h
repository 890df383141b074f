/* mediatype.h: reads Content-Type and Content-Disposition style header values:
 * `type/subtype; name=value; name="quoted value"`. */
#ifndef CLASSIFY_MEDIATYPE_H
#define CLASSIFY_MEDIATYPE_H

#include <stddef.h>

/* Copies VALUE's first item (the media type), lowercased, without spaces or parameters, to OUT. */
void media_type(const char *value, char *out, size_t n);

/* Copies parameter NAME's value (unquoted) of VALUE to OUT; 0 if present, -1 if absent,
 * malformed or longer than N - 1 bytes. Names compare case-insensitively. */
int media_param(const char *value, const char *name, char *out, size_t n);

#endif
