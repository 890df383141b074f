/* photo.h: the photo side of tests/model's reference programs (nsfw-ref.c, onnx-ref.c): decode a
 * JPEG with libjpeg-turbo (RGB), stretch it to the network's input size by align-corners
 * bilinear interpolation of the [0,1]-scaled samples (docs/MODELS.md, "Preprocessing") as
 * height x width x RGB floats (a TensorFlow.js [1,H,W,3] tensor), hash those floats, and lay
 * them out channel by channel as darknet's network input is. */
#ifndef TESTS_MODEL_PHOTO_H
#define TESTS_MODEL_PHOTO_H

/* jpeglib.h uses FILE and size_t without including their headers. */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

struct jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
};

static void on_error(j_common_ptr cinfo)
{
	struct jerr *e = (struct jerr *)cinfo->err;
	(*cinfo->err->output_message)(cinfo);
	longjmp(e->jump, 1);
}

/* RGB bytes of a JPEG file (grayscale converted by libjpeg), or NULL after a message. */
static unsigned char *decode(const char *path, int *w, int *h)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return NULL;
	}
	struct jpeg_decompress_struct c;
	struct jerr e;
	unsigned char *rgb = NULL;
	c.err = jpeg_std_error(&e.mgr);
	e.mgr.error_exit = on_error;
	if (setjmp(e.jump)) {
		fprintf(stderr, "%s: not a JPEG libjpeg can decode\n", path);
		jpeg_destroy_decompress(&c);
		fclose(f);
		free(rgb);
		return NULL;
	}
	jpeg_create_decompress(&c);
	jpeg_stdio_src(&c, f);
	jpeg_read_header(&c, TRUE);
	c.out_color_space = JCS_RGB;
	jpeg_start_decompress(&c);
	*w = (int)c.output_width, *h = (int)c.output_height;
	rgb = malloc((size_t)*w * *h * 3);
	while (c.output_scanline < c.output_height) {
		unsigned char *row = rgb + (size_t)c.output_scanline * *w * 3;
		jpeg_read_scanlines(&c, &row, 1);
	}
	jpeg_finish_decompress(&c);
	jpeg_destroy_decompress(&c);
	fclose(f);
	return rgb;
}

/* Source coordinate of output index i when stretching n samples to m, align-corners: the
 * first and last samples map onto each other, as tf.image.resizeBilinear(alignCorners=true). */
static void source(int i, int n, int m, int *i0, int *i1, float *frac)
{
	float s = m > 1 ? (float)i * (float)(n - 1) / (float)(m - 1) : 0.0f;
	*i0 = (int)s;
	*i1 = *i0 + 1 < n ? *i0 + 1 : n - 1;
	*frac = s - (float)*i0;
}

/* out[(y*ow + x)*3 + ch]: bilinear interpolation of the samples scaled to [0,1] (v / 255). */
static void stretch(const unsigned char *rgb, int w, int h, float *out, int ow, int oh)
{
	for (int y = 0; y < oh; y++) {
		int y0, y1, x0, x1;
		float fy, fx;
		source(y, h, oh, &y0, &y1, &fy);
		for (int x = 0; x < ow; x++) {
			source(x, w, ow, &x0, &x1, &fx);
			for (int ch = 0; ch < 3; ch++) {
				float a = rgb[((size_t)y0 * w + x0) * 3 + ch] / 255.0f;
				float b = rgb[((size_t)y0 * w + x1) * 3 + ch] / 255.0f;
				float c = rgb[((size_t)y1 * w + x0) * 3 + ch] / 255.0f;
				float d = rgb[((size_t)y1 * w + x1) * 3 + ch] / 255.0f;
				float top = a + (b - a) * fx, bottom = c + (d - c) * fx;
				out[((size_t)y * ow + x) * 3 + ch] = top + (bottom - top) * fy;
			}
		}
	}
}

/* FNV-1a over the floats' bytes: an image and a linux build must see the same pixels. */
static uint64_t pixels_hash(const float *px, size_t n)
{
	uint64_t hash = 1469598103934665603ull;
	for (size_t b = 0; b < sizeof(float) * n; b++)
		hash = (hash ^ ((const unsigned char *)px)[b]) * 1099511628211ull;
	return hash;
}

/* Height x width x RGB to channel by channel, as darknet holds images. */
static void to_chw(const float *hwc, float *chw, int w, int h)
{
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			for (int ch = 0; ch < 3; ch++)
				chw[((size_t)ch * h + y) * w + x] = hwc[((size_t)y * w + x) * 3 + ch];
}

/* Writes the height x width x RGB floats to DIR/NAME.f32 (what tfjs-ref.js reads); 0 or -1. */
static int write_pixels(const char *dir, const char *name, const float *hwc, size_t n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s.f32", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(hwc, sizeof(float), n, f) != n || fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

/* One photo of a reference program's arguments: PATH decoded (its size in *w, *h) and stretched
 * into hwc (ow x oh), and saved as DIR/NAME.f32 unless DIR is "-". 0; 1 when the photo cannot be
 * decoded (the caller goes on with the next); 2 when the pixels cannot be saved. */
static int photo_input(const char *path, const char *dir, float *hwc, int ow, int oh, int *w, int *h)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	unsigned char *rgb = decode(path, w, h);
	if (!rgb)
		return 1;
	stretch(rgb, *w, *h, hwc, ow, oh);
	free(rgb);
	if (strcmp(dir, "-") != 0 && write_pixels(dir, name, hwc, (size_t)ow * oh * 3) != 0)
		return 2;
	return 0;
}

#endif
