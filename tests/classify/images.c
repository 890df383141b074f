/* images.c: makes test images from a JPEG (e.g. darknet's data/dog.jpg) into DIR:
 *   NAME.png           8-bit RGB PNG, the JPEG's exact pixels
 *   NAME-rgba16i.png   16-bit RGBA, Adam7-interlaced, opaque: the same pixels after 16 -> 8 bits
 *   NAME-gray.png      8-bit grayscale
 *   NAME.webp          lossless WebP, the same pixels
 *   NAME-lossy.webp    lossy WebP
 *   NAME-small.jpg     every 8th pixel in both directions as a JPEG: for load tests, where
 *                      decoding the full photo under emulation would dominate
 *   huge.png           a header declaring 100000x100000 pixels, then one small IDAT and IEND
 * Usage: images JPEG DIR NAME */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <webp/encode.h>
#include <zlib.h>

static int width, height;

static unsigned char *read_jpeg(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) perror(path), exit(1);
	struct jpeg_decompress_struct d;
	struct jpeg_error_mgr err;
	d.err = jpeg_std_error(&err); /* test input: libjpeg's default exit on error is fine */
	jpeg_create_decompress(&d);
	jpeg_stdio_src(&d, f);
	jpeg_read_header(&d, TRUE);
	d.out_color_space = JCS_RGB;
	jpeg_start_decompress(&d);
	width = d.output_width, height = d.output_height;
	unsigned char *rgb = malloc((size_t)width * height * 3);
	while (d.output_scanline < d.output_height) {
		JSAMPROW row = rgb + (size_t)d.output_scanline * width * 3;
		jpeg_read_scanlines(&d, &row, 1);
	}
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	fclose(f);
	return rgb;
}

/* Writes ROWS (HEIGHT rows of WIDTH pixels in the given PNG colour type and depth) to PATH. */
static void write_png(const char *path, int type, int depth, int interlace, unsigned char **rows)
{
	FILE *f = fopen(path, "wb");
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	if (!f || !info || setjmp(png_jmpbuf(png))) fprintf(stderr, "images: cannot write %s\n", path), exit(1);
	png_init_io(png, f);
	png_set_IHDR(png, info, width, height, depth, type, interlace, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	png_write_image(png, rows);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	fclose(f);
}

static void make_pngs(const unsigned char *rgb, const char *dir, const char *name)
{
	char path[4096];
	unsigned char **rows = malloc(sizeof *rows * height);
	unsigned char *wide = malloc((size_t)width * height * 8), *gray = malloc((size_t)width * height);
	for (int y = 0; y < height; y++) rows[y] = (unsigned char *)rgb + (size_t)y * width * 3;
	snprintf(path, sizeof path, "%s/%s.png", dir, name);
	write_png(path, PNG_COLOR_TYPE_RGB, 8, PNG_INTERLACE_NONE, rows);
	for (size_t i = 0; i < (size_t)width * height; i++) {
		for (int c = 0; c < 4; c++) wide[i * 8 + c * 2] = wide[i * 8 + c * 2 + 1] = c < 3 ? rgb[i * 3 + c] : 255;
		gray[i] = (unsigned char)((rgb[i * 3] * 299 + rgb[i * 3 + 1] * 587 + rgb[i * 3 + 2] * 114) / 1000);
	}
	for (int y = 0; y < height; y++) rows[y] = wide + (size_t)y * width * 8;
	snprintf(path, sizeof path, "%s/%s-rgba16i.png", dir, name);
	write_png(path, PNG_COLOR_TYPE_RGB_ALPHA, 16, PNG_INTERLACE_ADAM7, rows);
	for (int y = 0; y < height; y++) rows[y] = gray + (size_t)y * width;
	snprintf(path, sizeof path, "%s/%s-gray.png", dir, name);
	write_png(path, PNG_COLOR_TYPE_GRAY, 8, PNG_INTERLACE_NONE, rows);
	free(rows), free(wide), free(gray);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) perror(path), exit(1);
}

static void make_webps(const unsigned char *rgb, const char *dir, const char *name)
{
	char path[4096];
	uint8_t *out;
	size_t len = WebPEncodeLosslessRGB(rgb, width, height, width * 3, &out);
	if (!len) fprintf(stderr, "images: lossless WebP encoding failed\n"), exit(1);
	snprintf(path, sizeof path, "%s/%s.webp", dir, name);
	write_file(path, out, len);
	WebPFree(out);
	len = WebPEncodeRGB(rgb, width, height, width * 3, 80, &out);
	if (!len) fprintf(stderr, "images: lossy WebP encoding failed\n"), exit(1);
	snprintf(path, sizeof path, "%s/%s-lossy.webp", dir, name);
	write_file(path, out, len);
	WebPFree(out);
}

static void make_small_jpeg(const unsigned char *rgb, const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s-small.jpg", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f) perror(path), exit(1);
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = (JDIMENSION)(width / 8), c.image_height = (JDIMENSION)(height / 8);
	c.input_components = 3, c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_start_compress(&c, TRUE);
	unsigned char *row = malloc(c.image_width * 3);
	while (c.next_scanline < c.image_height) {
		const unsigned char *src = rgb + (size_t)c.next_scanline * 8 * width * 3;
		for (JDIMENSION x = 0; x < c.image_width; x++) memcpy(row + x * 3, src + x * 8 * 3, 3);
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(row);
	if (fclose(f)) perror(path), exit(1);
}

static void be32(unsigned char *p, unsigned long v) /* big-endian, as PNG stores numbers */
{
	for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (24 - 8 * i));
}

/* Appends a PNG chunk (length, type, data, CRC over type and data) to F. */
static void chunk(FILE *f, const char *type, const unsigned char *data, unsigned len)
{
	unsigned char n[4], crc[4];
	be32(n, len);
	be32(crc, crc32(crc32(0, (const Bytef *)type, 4), data, len));
	fwrite(n, 1, 4, f);
	fwrite(type, 1, 4, f);
	fwrite(data, 1, len, f);
	fwrite(crc, 1, 4, f);
}

static void make_huge(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/huge.png", dir);
	FILE *f = fopen(path, "wb");
	if (!f) perror(path), exit(1);
	unsigned char ihdr[13] = { [8] = 8, [9] = PNG_COLOR_TYPE_RGB }; /* width, height, depth, type, 3 zeros */
	be32(ihdr, 100000);
	be32(ihdr + 4, 100000);
	unsigned char row[16] = { 0 }, idat[64];
	uLongf n = sizeof idat;
	compress(idat, &n, row, sizeof row);
	fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
	chunk(f, "IHDR", ihdr, sizeof ihdr);
	chunk(f, "IDAT", idat, (unsigned)n);
	chunk(f, "IEND", (const unsigned char *)"", 0);
	fclose(f);
}

int main(int argc, char **argv)
{
	if (argc != 4) return fprintf(stderr, "usage: images JPEG DIR NAME\n"), 2;
	unsigned char *rgb = read_jpeg(argv[1]);
	make_pngs(rgb, argv[2], argv[3]);
	make_webps(rgb, argv[2], argv[3]);
	make_small_jpeg(rgb, argv[2], argv[3]);
	make_huge(argv[2]);
	free(rgb);
	return 0;
}
