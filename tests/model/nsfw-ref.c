/* nsfw-ref.c: the darknet side of tests/model/nsfw-mobilenetv2.test. For each JPEG: decode
 * (libjpeg-turbo, RGB), stretch to the network's input size by align-corners bilinear
 * interpolation of the [0,1]-scaled samples (docs/MODELS.md, "Preprocessing"), optionally write
 * those floats (height x width x RGB, float32 little-endian: a TensorFlow.js [1,H,W,3] tensor)
 * to PIXELDIR/NAME.f32, run the converted model and print its probabilities and a hash of
 * the pixels. Lines starting with "info:" carry timings.
 * usage: nsfw-ref CFG WEIGHTS PIXELDIR|- IMAGE.jpg... */
#include <darknet.h>
#include <jpeglib.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static double ms_since(const struct timespec *t0, clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: nsfw-ref CFG WEIGHTS PIXELDIR|- IMAGE.jpg...\n");
		return 2;
	}
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	network *net = load_network(argv[1], argv[2], 0);
	set_batch_network(net, 1);
	int W = net->w, H = net->h, n = W * H * 3;
	if (net->c != 3 || net->layers[net->n - 1].outputs != 5) {
		fprintf(stderr, "%s: expected 3 input channels and 5 outputs, got %d and %d\n", argv[1], net->c,
			net->layers[net->n - 1].outputs);
		return 1;
	}
	printf("info: load %.1f ms\n", ms_since(&t0, CLOCK_MONOTONIC));
	float *hwc = malloc(sizeof(float) * n), *chw = malloc(sizeof(float) * n);
	/* One prediction before the timed ones: first-touch of darknet's buffers, OpenBLAS start-up. */
	memset(chw, 0, sizeof(float) * n);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	network_predict(net, chw);
	printf("info: warm-up %.1f ms\n", ms_since(&t0, CLOCK_MONOTONIC));
	int status = 0;
	for (int i = 4; i < argc; i++) {
		const char *name = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		int w, h;
		unsigned char *rgb = decode(argv[i], &w, &h);
		if (!rgb) {
			status = 1;
			continue;
		}
		stretch(rgb, w, h, hwc, W, H);
		free(rgb);
		if (strcmp(argv[3], "-") != 0) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s.f32", argv[3], name);
			FILE *f = fopen(path, "wb");
			if (!f || fwrite(hwc, sizeof(float), (size_t)n, f) != (size_t)n || fclose(f) != 0) {
				perror(path);
				return 1;
			}
		}
		/* FNV-1a over the floats' bytes: the image and the linux build must see the same pixels. */
		uint64_t hash = 1469598103934665603ull;
		for (size_t b = 0; b < sizeof(float) * (size_t)n; b++)
			hash = (hash ^ ((unsigned char *)hwc)[b]) * 1099511628211ull;
		/* darknet holds images channel by channel. */
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				for (int ch = 0; ch < 3; ch++)
					chw[((size_t)ch * H + y) * W + x] = hwc[((size_t)y * W + x) * 3 + ch];
		/* Wall time, and this process's CPU time (what other load on the host does not inflate). */
		struct timespec c0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
		float *p = network_predict(net, chw);
		double ms = ms_since(&t0, CLOCK_MONOTONIC), cpu = ms_since(&c0, CLOCK_PROCESS_CPUTIME_ID);
		printf("pixels %s %dx%d %016llx\n", name, w, h, (unsigned long long)hash);
		printf("probs %s %.9f %.9f %.9f %.9f %.9f\n", name, p[0], p[1], p[2], p[3], p[4]);
		printf("info: predict %s %.1f ms (cpu %.1f ms)\n", name, ms, cpu);
	}
	free(hwc);
	free(chw);
	free_network(net);
	return status;
}
