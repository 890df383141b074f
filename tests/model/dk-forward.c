/* dk-forward.c: runs a darknet cfg + weights on one input for tests/model/uni-model.test: the
 * input file holds height x width x channels float32 (a TensorFlow.js tensor's order), which
 * darknet takes channel by channel; prints every output, one per line.
 * usage: dk-forward CFG WEIGHTS INPUT.f32 */
#include <darknet.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: dk-forward CFG WEIGHTS INPUT.f32\n");
		return 2;
	}
	network *net = load_network(argv[1], argv[2], 0);
	set_batch_network(net, 1);
	int h = net->h, w = net->w, c = net->c, n = h * w * c;
	float *hwc = malloc(sizeof(float) * n), *chw = malloc(sizeof(float) * n);
	FILE *f = fopen(argv[3], "rb");
	if (!f || fread(hwc, sizeof(float), (size_t)n, f) != (size_t)n || fgetc(f) != EOF) {
		fprintf(stderr, "%s: expected %d floats (%dx%dx%d)\n", argv[3], n, h, w, c);
		return 1;
	}
	fclose(f);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			for (int k = 0; k < c; k++)
				chw[((size_t)k * h + y) * w + x] = hwc[((size_t)y * w + x) * c + k];
	float *out = network_predict(net, chw);
	int outputs = net->layers[net->n - 1].outputs;
	for (int i = 0; i < outputs; i++)
		printf("%.9g\n", out[i]);
	return 0;
}
