/* nsfw-ref.c: the darknet side of tests/model/nsfw-mobilenetv2.test. For each JPEG: decode and
 * stretch it to the network's input size (photo.h), optionally write those floats (height x
 * width x RGB, float32 little-endian: a TensorFlow.js [1,H,W,3] tensor) to PIXELDIR/NAME.f32,
 * run the converted model and print its probabilities and a hash of the pixels. Lines starting
 * with "info:" carry timings.
 * usage: nsfw-ref CFG WEIGHTS PIXELDIR|- IMAGE.jpg... */
#include "photo.h"

#include <darknet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
		int w, h, r = photo_input(argv[i], argv[3], hwc, W, H, &w, &h);
		if (r == 2)
			return 1;
		if (r) {
			status = 1;
			continue;
		}
		uint64_t hash = pixels_hash(hwc, (size_t)n);
		to_chw(hwc, chw, W, H);
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
