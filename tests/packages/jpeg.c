/* jpeg.c: decodes each JPEG named on the command line with libjpeg(-turbo) to RGB and prints its
 * size, whether it is progressive, and a pixel checksum; with "-encode-progressive OUT" first,
 * writes a generated 173x97 picture as a progressive JPEG to OUT instead. */
#include <stdio.h>
#include <jpeglib.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include "checksum.h"

struct err { struct jpeg_error_mgr pub; jmp_buf jb; };
static void on_error(j_common_ptr c)
{
	longjmp(((struct err *)c->err)->jb, 1);
}

static int encode_progressive(const char *out)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	int w = 173, h = 97;
	unsigned char *row = malloc(3 * w);
	FILE *f = fopen(out, "wb");
	if (!f) { perror(out); return 1; }
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = w, c.image_height = h, c.input_components = 3, c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 85, TRUE);
	jpeg_simple_progression(&c);
	jpeg_start_compress(&c, TRUE);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			row[3 * x] = x * 255 / w, row[3 * x + 1] = y * 255 / h, row[3 * x + 2] = ((x / 8 + y / 8) & 1) ? 220 : 30;
		}
		JSAMPROW r = row;
		jpeg_write_scanlines(&c, &r, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	fclose(f);
	free(row);
	return 0;
}

static int decode(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct jpeg_decompress_struct d;
	struct err e;
	unsigned char *row = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) { printf("%s: cannot open\n", base); return 1; }
	d.err = jpeg_std_error(&e.pub);
	e.pub.error_exit = on_error;
	if (setjmp(e.jb)) {
		char msg[JMSG_LENGTH_MAX];
		e.pub.format_message((j_common_ptr)&d, msg);
		printf("%s: libjpeg error: %s\n", base, msg);
		jpeg_destroy_decompress(&d);
		fclose(f);
		free(row);
		return 0;
	}
	jpeg_create_decompress(&d);
	jpeg_stdio_src(&d, f);
	jpeg_read_header(&d, TRUE);
	d.out_color_space = JCS_RGB;
	jpeg_start_decompress(&d);
	size_t rb = (size_t)d.output_width * d.output_components;
	row = malloc(rb);
	uint64_t sum = 0;
	while (d.output_scanline < d.output_height) {
		JSAMPROW r = row;
		jpeg_read_scanlines(&d, &r, 1);
		sum = fnv1a(sum, row, rb);
	}
	printf("%s: %ux%u progressive %d arithmetic %d pixels %016llx\n", base, d.output_width, d.output_height,
	       jpeg_has_multiple_scans(&d) ? 1 : 0, d.arith_code ? 1 : 0, (unsigned long long)sum);
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	fclose(f);
	free(row);
	return 0;
}

int main(int argc, char **argv)
{
	int bad = 0;
	if (argc == 3 && !strcmp(argv[1], "-encode-progressive")) return encode_progressive(argv[2]);
	printf("libjpeg version %d\n", JPEG_LIB_VERSION);
	for (int i = 1; i < argc; i++) bad |= decode(argv[i]);
	return bad;
}
