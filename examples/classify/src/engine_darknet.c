/* engine_darknet.c: the darknet engine: model.cfg + model.weights, checked before darknet reads
 * them (it exit()s on unreadable files and computes with garbage from a short weights file), one
 * network per worker since network_predict keeps its state in the network. */
#include "engine.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <darknet.h>

#include "weights.h"

#define FAIL(...) (snprintf(err, errlen, __VA_ARGS__), -1)

/* OpenBLAS, when darknet's gemm goes through it (weak: absent otherwise). Parallelism comes from
 * the workers, one inference each; BLAS threads on top of them only compete for the same cores
 * (measured: one BLAS thread per inference was faster, single requests included). */
extern void openblas_set_num_threads(int threads) __attribute__((weak));

static int readable(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) return FAIL("cannot open %s: %s", path, strerror(errno));
	fclose(f);
	return 0;
}

static int darknet_present(const char *dir)
{
	char cfg[PATH_MAX], weights[PATH_MAX];
	snprintf(cfg, sizeof cfg, "%s/model.cfg", dir);
	snprintf(weights, sizeof weights, "%s/model.weights", dir);
	return !access(cfg, F_OK) && !access(weights, F_OK);
}

/* Why NET does not fit CLASSES outputs (written to ERR, returning -1), or 0. */
static int check_network(network *net, int classes, const char *cfg, char *err, size_t errlen)
{
	if (net->n < 1) return FAIL("%s has no layers", cfg);
	if (net->c != 3) return FAIL("%s: the network takes %d channels, this server gives 3 (RGB)", cfg, net->c);
	int outputs = net->layers[net->n - 1].outputs;
	if (outputs != classes) return FAIL("%s: the network has %d outputs but labels.txt names %d classes", cfg, outputs, classes);
	return 0;
}

/* Parses CFG and loads WEIGHTS into a new network for batches of one, checked against CLASSES. */
static network *load_network_copy(int classes, const char *cfg, const char *weights, char *err, size_t errlen)
{
	network *net = parse_network_cfg((char *)cfg);
	set_batch_network(net, 1);
	if (check_network(net, classes, cfg, err, errlen) || weights_check(net, weights, err, errlen)) {
		free_network(net);
		return NULL;
	}
	load_weights(net, (char *)weights);
	return net;
}

static void darknet_unload(void **workers, int copies)
{
	for (int i = 0; i < copies; i++) free_network(workers[i]);
}

static int darknet_load(const char *dir, int classes, int copies, void **workers, int *width, int *height, char *err,
			size_t errlen)
{
	char cfg[PATH_MAX], weights[PATH_MAX];
	snprintf(cfg, sizeof cfg, "%s/model.cfg", dir);
	snprintf(weights, sizeof weights, "%s/model.weights", dir);
	if (readable(cfg, err, errlen) || readable(weights, err, errlen)) return -1;
	if (openblas_set_num_threads) openblas_set_num_threads(1);
	for (int i = 0; i < copies; i++) {
		network *net = load_network_copy(classes, cfg, weights, err, errlen);
		if (!net) {
			darknet_unload(workers, i);
			return -1;
		}
		if (!i) {
			*width = net->w, *height = net->h;
			if (net->layers[net->n - 1].type != SOFTMAX)
				fprintf(stderr, "classify: warning: %s does not end with [softmax]: scores are raw outputs\n", cfg);
		}
		workers[i] = net;
	}
	return 0;
}

static int darknet_predict(void *worker, const float *input, int classes, float *scores, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	/* network_predict only reads its input; darknet's prototype is not const. */
	float *out = network_predict(worker, (float *)input);
	memcpy(scores, out, classes * sizeof *scores);
	return 0;
}

const struct engine engine_darknet = {
	.name = "darknet",
	.files = "model.cfg and model.weights",
	.present = darknet_present,
	.load = darknet_load,
	.predict = darknet_predict,
	.unload = darknet_unload,
};
