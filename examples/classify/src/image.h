/* image.h: decoded images (8-bit RGB) and the decoders of untrusted bytes: JPEG (libjpeg-turbo),
 * PNG (libpng), WebP (libwebp). The format is told by the bytes' signature, not by a header. */
#ifndef CLASSIFY_IMAGE_H
#define CLASSIFY_IMAGE_H

#include <stddef.h>

#include "error.h"

enum image_format { IMAGE_UNKNOWN, IMAGE_JPEG, IMAGE_PNG, IMAGE_WEBP };

struct image {
	int width, height;
	unsigned char *rgb; /* width * height * 3 bytes, rows top to bottom, R G B per pixel; malloc'd */
};

enum image_format image_sniff(const unsigned char *data, size_t len);
const char *image_format_name(enum image_format f); /* "jpeg", "png", "webp", "unknown" */

/* Decodes DATA into OUT (free with image_free). Images of more than MAX_PIXELS pixels are refused
 * from their header, before any pixel memory is allocated. On failure returns -1 with E set:
 * 415 unrecognized format, 400 corrupt or truncated, 422 too large or an unsupported variant. */
int image_decode(const unsigned char *data, size_t len, size_t max_pixels, struct image *out, struct api_error *e);
void image_free(struct image *img);

/* The decoders image_decode dispatches to; the same contract, for one format each. */
int image_decode_jpeg(const unsigned char *data, size_t len, size_t max_pixels, struct image *out, struct api_error *e);
int image_decode_png(const unsigned char *data, size_t len, size_t max_pixels, struct image *out, struct api_error *e);
int image_decode_webp(const unsigned char *data, size_t len, size_t max_pixels, struct image *out, struct api_error *e);

/* Checks WIDTH x HEIGHT against MAX_PIXELS and allocates OUT's pixels; -1 with E set (422, or 503
 * when memory runs out). FORMAT names the format in the message. */
int image_alloc(struct image *out, long width, long height, size_t max_pixels, const char *format, struct api_error *e);

#endif
