/* webp.c: decodes each WebP named on the command line with libwebp to RGBA and prints its size,
 * format and a pixel checksum; with "-encode DIR" first, writes a generated picture as lossy and
 * lossless WebP into DIR instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>
#include <webp/encode.h>
#include "checksum.h"

static int write_file(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) { perror(path); return 1; }
	return 0;
}

static int encode(const char *dir)
{
	int w = 131, h = 77;
	uint8_t *rgba = malloc(4 * w * h), *out;
	size_t n;
	char path[4096];
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint8_t *p = rgba + 4 * (y * w + x);
			p[0] = x * 2, p[1] = y * 3, p[2] = (x ^ y) & 0xff, p[3] = (x + y) % 255;
		}
	n = WebPEncodeRGBA(rgba, w, h, 4 * w, 80, &out);
	snprintf(path, sizeof path, "%s/generated-lossy.webp", dir);
	if (!n || write_file(path, out, n)) return 1;
	WebPFree(out);
	n = WebPEncodeLosslessRGBA(rgba, w, h, 4 * w, &out);
	snprintf(path, sizeof path, "%s/generated-lossless.webp", dir);
	if (!n || write_file(path, out, n)) return 1;
	WebPFree(out);
	free(rgba);
	return 0;
}

static int decode(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	FILE *f = fopen(path, "rb");
	if (!f) { printf("%s: cannot open\n", base); return 1; }
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	uint8_t *data = malloc(n);
	if (fread(data, 1, n, f) != (size_t)n) { printf("%s: short read\n", base); return 1; }
	fclose(f);
	WebPBitstreamFeatures ft;
	int w, h;
	if (WebPGetFeatures(data, n, &ft) != VP8_STATUS_OK) { printf("%s: not a WebP\n", base); free(data); return 0; }
	uint8_t *px = WebPDecodeRGBA(data, n, &w, &h);
	if (!px) { printf("%s: decode error\n", base); free(data); return 0; }
	printf("%s: %dx%d alpha %d format %s pixels %016llx\n", base, w, h, ft.has_alpha,
	       ft.format == 1 ? "lossy" : ft.format == 2 ? "lossless" : "mixed",
	       (unsigned long long)fnv1a(0, px, (size_t)4 * w * h));
	WebPFree(px);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int bad = 0;
	if (argc == 3 && !strcmp(argv[1], "-encode")) return encode(argv[2]);
	printf("libwebp decoder %06x\n", WebPGetDecoderVersion());
	for (int i = 1; i < argc; i++) bad |= decode(argv[i]);
	return bad;
}
