/* fixture.c: writes a tiny test model into DIR: model.cfg (224x224x3 input, three convolutions,
 * global average pooling, softmax over 5 classes), model.weights with deterministic pseudo-random
 * parameters in darknet's layout (header 0.2.0, seen as 8 bytes), and labels.txt with the class
 * names of the nsfw model. A stand-in for the real model in tests. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct conv {
	int filters, size, stride, batch_normalize;
	const char *activation;
};

static const struct conv convs[] = {
	{ 8, 3, 2, 1, "relu6" },
	{ 16, 3, 2, 0, "leaky" },
	{ 5, 1, 1, 0, "linear" },
};
#define NCONVS (sizeof convs / sizeof convs[0])

static uint32_t seed = 12345;
static float rnd(float scale) /* uniform in [-scale, scale) */
{
	seed = seed * 1664525u + 1013904223u;
	return ((float)(seed >> 8) / (1 << 24) * 2 - 1) * scale;
}

static void put(FILE *f, float v)
{
	fwrite(&v, sizeof v, 1, f);
}

static FILE *open_in(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f) perror(path), exit(1);
	return f;
}

int main(int argc, char **argv)
{
	if (argc != 2) return fprintf(stderr, "usage: fixture DIR\n"), 2;
	FILE *cfg = open_in(argv[1], "model.cfg"), *w = open_in(argv[1], "model.weights");
	FILE *labels = open_in(argv[1], "labels.txt");
	fprintf(cfg, "[net]\nbatch=1\nwidth=224\nheight=224\nchannels=3\n");
	int32_t header[3] = { 0, 2, 0 };
	uint64_t seen = 0;
	fwrite(header, sizeof header, 1, w);
	fwrite(&seen, sizeof seen, 1, w);
	int channels = 3;
	for (size_t i = 0; i < NCONVS; i++) {
		const struct conv *c = &convs[i];
		fprintf(cfg, "\n[convolutional]\nbatch_normalize=%d\nfilters=%d\nsize=%d\nstride=%d\npad=%d\nactivation=%s\n",
			c->batch_normalize, c->filters, c->size, c->stride, c->size > 1, c->activation);
		/* darknet's order: biases, then scales, rolling means and variances, then the kernels. */
		for (int k = 0; k < c->filters; k++) put(w, rnd(0.2f));
		if (c->batch_normalize) {
			for (int k = 0; k < c->filters; k++) put(w, 1 + rnd(0.2f));
			for (int k = 0; k < c->filters; k++) put(w, rnd(0.1f));
			for (int k = 0; k < c->filters; k++) put(w, 1 + rnd(0.5f));
		}
		for (int k = 0; k < c->filters * channels * c->size * c->size; k++) put(w, rnd(0.3f));
		channels = c->filters;
	}
	fprintf(cfg, "\n[avgpool]\n\n[softmax]\n");
	fprintf(labels, "drawing\nhentai\nneutral\nporn\nsexy\n");
	if (fclose(cfg) || fclose(w) || fclose(labels)) return perror("fixture"), 1;
	return 0;
}
