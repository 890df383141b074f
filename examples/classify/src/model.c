/* model.c: loads and checks the model folder, keeps one darknet network per worker in a pool,
 * runs a forward pass on a free one. */
#include "model.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <darknet.h>

#include "weights.h"

#define FAIL(...) (snprintf(err, errlen, __VA_ARGS__), -1)

/* OpenBLAS, when darknet's gemm goes through it (weak: absent otherwise). Parallelism comes from
 * the workers, one inference each; BLAS threads on top of them only compete for the same cores
 * (measured: one BLAS thread per inference was faster, single requests included). */
extern void openblas_set_num_threads(int threads) __attribute__((weak));

/* Reads PATH's lines (trailing spaces and \r removed, a last empty line dropped) into M's labels. */
static int read_labels(struct model *m, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) return FAIL("cannot open %s: %s", path, strerror(errno));
	char line[256];
	int cap = 0, rc = 0;
	while (!rc && fgets(line, sizeof line, f)) {
		size_t len = strlen(line);
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			rc = FAIL("%s: line %d is too long", path, m->classes + 1);
			break;
		}
		while (len && strchr(" \t\r\n", line[len - 1])) line[--len] = 0;
		if (m->classes == cap) {
			cap = cap ? 2 * cap : 16;
			char **grown = realloc(m->labels, cap * sizeof *grown);
			if (!grown) rc = FAIL("out of memory reading %s", path);
			else m->labels = grown;
		}
		if (!rc && !(m->labels[m->classes++] = strdup(line))) rc = FAIL("out of memory reading %s", path);
	}
	fclose(f);
	if (rc) return rc;
	if (m->classes && !*m->labels[m->classes - 1]) free(m->labels[--m->classes]);
	for (int i = 0; i < m->classes; i++)
		if (!*m->labels[i]) return FAIL("%s: line %d is empty", path, i + 1);
	return m->classes ? 0 : FAIL("%s has no labels", path);
}

static int readable(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) return FAIL("cannot open %s: %s", path, strerror(errno));
	fclose(f);
	return 0;
}

/* Why NET does not fit M (written to ERR, returning -1), or 0. */
static int check_network(const struct model *m, network *net, const char *cfg, char *err, size_t errlen)
{
	if (net->n < 1) return FAIL("%s has no layers", cfg);
	if (net->c != 3) return FAIL("%s: the network takes %d channels, this server gives 3 (RGB)", cfg, net->c);
	int outputs = net->layers[net->n - 1].outputs;
	if (outputs != m->classes) return FAIL("%s: the network has %d outputs but labels.txt names %d classes", cfg, outputs, m->classes);
	return 0;
}

/* Parses CFG and loads WEIGHTS into a new network for batches of one, checked against M. */
static network *load_network_copy(const struct model *m, const char *cfg, const char *weights, char *err, size_t errlen)
{
	network *net = parse_network_cfg((char *)cfg);
	set_batch_network(net, 1);
	if (check_network(m, net, cfg, err, errlen) || weights_check(net, weights, err, errlen)) {
		free_network(net);
		return NULL;
	}
	load_weights(net, (char *)weights);
	return net;
}

int model_load(struct model *m, const char *dir, int copies, char *err, size_t errlen)
{
	char cfg[PATH_MAX], weights[PATH_MAX], labels[PATH_MAX];
	*m = (struct model){ .copies = 0 };
	snprintf(cfg, sizeof cfg, "%s/model.cfg", dir);
	snprintf(weights, sizeof weights, "%s/model.weights", dir);
	snprintf(labels, sizeof labels, "%s/labels.txt", dir);
	if (readable(cfg, err, errlen) || readable(weights, err, errlen) || read_labels(m, labels, err, errlen)) return -1;

	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/') len--;
	const char *base = dir + len;
	while (base > dir && base[-1] != '/') base--;
	snprintf(m->name, sizeof m->name, "%.*s", (int)(dir + len - base), base);

	if (openblas_set_num_threads) openblas_set_num_threads(1);
	if (pool_init(&m->networks, copies)) return FAIL("out of memory");
	for (int i = 0; i < copies; i++) {
		network *net = load_network_copy(m, cfg, weights, err, errlen);
		if (!net) return -1;
		if (!i) {
			m->width = net->w, m->height = net->h;
			if (net->layers[net->n - 1].type != SOFTMAX)
				fprintf(stderr, "classify: warning: %s does not end with [softmax]: scores are raw outputs\n", cfg);
		}
		pool_put(&m->networks, net);
		m->copies++;
	}
	return 0;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

network *model_acquire(struct model *m)
{
	return pool_take(&m->networks);
}

void model_release(struct model *m, network *net)
{
	pool_put(&m->networks, net);
}

double model_predict(const struct model *m, network *net, const float *input, float *scores)
{
	double start = now();
	/* network_predict only reads its input; darknet's prototype is not const. */
	float *out = network_predict(net, (float *)input);
	memcpy(scores, out, m->classes * sizeof *scores);
	return now() - start;
}

void model_free(struct model *m)
{
	for (int i = 0; i < m->copies; i++) free_network(pool_take(&m->networks));
	if (m->networks.free) pool_destroy(&m->networks);
	for (int i = 0; i < m->classes; i++) free(m->labels[i]);
	free(m->labels);
}
