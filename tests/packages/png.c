/* png.c: decodes each PNG named on the command line with libpng (palette and low bit depths
 * expanded, 16-bit samples kept) and prints its size, depth, color type and a pixel checksum. */
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checksum.h"

static int decode(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	FILE *f = fopen(path, "rb");
	if (!f) { printf("%s: cannot open\n", base); return 1; }
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	if (setjmp(png_jmpbuf(png))) {
		printf("%s: libpng error\n", base);
		png_destroy_read_struct(&png, &info, NULL);
		fclose(f);
		return 0; /* corrupt files of the suite (x*.png) are expected to fail, the same way */
	}
	png_init_io(png, f);
	png_read_png(png, info, PNG_TRANSFORM_EXPAND, NULL);
	png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
	int depth = png_get_bit_depth(png, info), ct = png_get_color_type(png, info);
	size_t rb = png_get_rowbytes(png, info);
	png_bytepp rows = png_get_rows(png, info);
	uint64_t sum = 0;
	for (png_uint_32 y = 0; y < h; y++) sum = fnv1a(sum, rows[y], rb);
	printf("%s: %ux%u depth %d color %d interlace %d pixels %016llx\n", base, (unsigned)w, (unsigned)h,
	       depth, ct, png_get_interlace_type(png, info), (unsigned long long)sum);
	png_destroy_read_struct(&png, &info, NULL);
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	int bad = 0;
	printf("libpng %s\n", png_get_libpng_ver(NULL));
	for (int i = 1; i < argc; i++) bad |= decode(argv[i]);
	return bad;
}
