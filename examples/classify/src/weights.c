/* weights.c: the size of the weights file a darknet network reads, computed layer by layer as
 * darknet's load_weights reads them, compared with the file's size. */
#include "weights.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Floats layer L reads, or -1 for a layer type with weights that this check does not know. */
static long long layer_floats(const layer *l)
{
	if (l->dontload) return 0;
	switch (l->type) {
	case CONVOLUTIONAL: {
		long long bn = l->batch_normalize && !l->dontloadscales ? 3LL * l->n : 0;
		return l->n + bn + (long long)l->c / l->groups * l->n * l->size * l->size;
	}
	case CONNECTED: {
		long long bn = l->batch_normalize && !l->dontloadscales ? 3LL * l->outputs : 0;
		return l->outputs + (long long)l->outputs * l->inputs + bn;
	}
	case BATCHNORM:
		return 3LL * l->c;
	case DECONVOLUTIONAL: case LOCAL: case RNN: case GRU: case LSTM: case CRNN:
		return -1;
	default:
		return 0;
	}
}

int weights_check(network *net, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) return snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno)), -1;
	int version[3];
	size_t got = fread(version, sizeof(int), 3, f);
	struct stat st;
	int stat_ok = fstat(fileno(f), &st) == 0;
	fclose(f);
	if (got != 3 || !stat_ok) return snprintf(err, errlen, "%s is too short for a darknet weights header", path), -1;
	/* As darknet: version 0.2 and later store `seen` as a size_t, older ones as an int. */
	int major = version[0], minor = version[1];
	long long need = 3 * sizeof(int) + ((major * 10 + minor >= 2 && major < 1000 && minor < 1000) ? sizeof(size_t) : sizeof(int));
	for (int i = 0; i < net->n; i++) {
		long long floats = layer_floats(&net->layers[i]);
		if (floats < 0)
			return snprintf(err, errlen, "layer %d of the network has a type (%d) whose weights this server cannot check", i,
					net->layers[i].type), -1;
		need += floats * (long long)sizeof(float);
	}
	if (st.st_size != need)
		return snprintf(err, errlen, "%s has %lld bytes, the network needs %lld (wrong or damaged weights for this cfg)",
				path, (long long)st.st_size, need), -1;
	return 0;
}
