/* image.c: tells the format from the signature, dispatches to a decoder, allocates checked pixels. */
#include "image.h"

#include <stdlib.h>
#include <string.h>

enum image_format image_sniff(const unsigned char *d, size_t n)
{
	if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff) return IMAGE_JPEG;
	if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) return IMAGE_PNG;
	if (n >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4)) return IMAGE_WEBP;
	return IMAGE_UNKNOWN;
}

const char *image_format_name(enum image_format f)
{
	switch (f) {
	case IMAGE_JPEG: return "jpeg";
	case IMAGE_PNG: return "png";
	case IMAGE_WEBP: return "webp";
	default: return "unknown";
	}
}

int image_decode(const unsigned char *data, size_t len, size_t max_pixels, struct image *out, struct api_error *e)
{
	*out = (struct image){ 0 };
	switch (image_sniff(data, len)) {
	case IMAGE_JPEG: return image_decode_jpeg(data, len, max_pixels, out, e);
	case IMAGE_PNG: return image_decode_png(data, len, max_pixels, out, e);
	case IMAGE_WEBP: return image_decode_webp(data, len, max_pixels, out, e);
	default:
		return api_fail(e, 415, "the body is not a JPEG, PNG or WebP image (unrecognized signature)");
	}
}

int image_alloc(struct image *out, long width, long height, size_t max_pixels, const char *format, struct api_error *e)
{
	if (width < 1 || height < 1) return api_fail(e, 400, "the %s image declares a size of %ldx%ld", format, width, height);
	if ((unsigned long)width > max_pixels / (unsigned long)height)
		return api_fail(e, 422, "the %s image is %ldx%ld pixels, more than the limit of %zu pixels", format, width,
				height, max_pixels);
	out->width = (int)width, out->height = (int)height;
	out->rgb = malloc((size_t)width * (size_t)height * 3);
	if (!out->rgb) return api_fail(e, 503, "out of memory for a %ldx%ld image", width, height);
	return 0;
}

void image_free(struct image *img)
{
	free(img->rgb);
	img->rgb = NULL;
}
