/* png.c: decodes untrusted PNG bytes with libpng from memory; libpng's errors and a read past the
 * end of the data longjmp back here. Every colour type becomes 8-bit RGB (alpha dropped). */
#include "image.h"

#include <stdio.h>
#include <string.h>

#include <png.h>

struct source {
	const unsigned char *next;
	size_t left;
	char why[128]; /* libpng's message when it fails */
};

static void on_error(png_structp png, png_const_charp msg)
{
	struct source *s = png_get_error_ptr(png);
	snprintf(s->why, sizeof s->why, "%s", msg);
	png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
	(void)png, (void)msg; /* untrusted input: nothing worth a log line */
}

static void read_bytes(png_structp png, png_bytep to, size_t n)
{
	struct source *s = png_get_io_ptr(png);
	if (n > s->left) png_error(png, "the data ends early (truncated)");
	memcpy(to, s->next, n);
	s->next += n, s->left -= n;
}

int image_decode_png(const unsigned char *data, size_t len, size_t max_pixels, struct image *out, struct api_error *e)
{
	struct source src = { .next = data, .left = len };
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, on_error, on_warning);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		png_destroy_read_struct(&png, NULL, NULL);
		return api_fail(e, 503, "out of memory for a PNG decoder");
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_read_struct(&png, &info, NULL);
		image_free(out);
		return api_fail(e, 400, "corrupt PNG: %s", src.why);
	}
	png_set_read_fn(png, &src, read_bytes);
	png_read_info(png, info);
	if (image_alloc(out, png_get_image_width(png, info), png_get_image_height(png, info), max_pixels, "PNG", e)) {
		png_destroy_read_struct(&png, &info, NULL);
		return -1;
	}
	png_set_expand(png);       /* palette to RGB, gray below 8 bits to 8, tRNS to alpha */
	png_set_scale_16(png);     /* 16-bit samples to 8 */
	png_set_gray_to_rgb(png);
	png_set_strip_alpha(png);
	int passes = png_set_interlace_handling(png);
	png_read_update_info(png, info);
	if (png_get_rowbytes(png, info) != (size_t)out->width * 3) png_error(png, "unexpected row layout after conversion");
	for (int pass = 0; pass < passes; pass++)
		for (int y = 0; y < out->height; y++) png_read_row(png, out->rgb + (size_t)y * out->width * 3, NULL);
	png_destroy_read_struct(&png, &info, NULL);
	return 0;
}
