/* model.h: the classifier: a model folder's network, run by one of the engines this build has
 * (engine.h: darknet's model.cfg + model.weights, or ONNX Runtime's model.onnx), and its class
 * names (labels.txt), with a pool of workers so that inferences can run at once. */
#ifndef CLASSIFY_MODEL_H
#define CLASSIFY_MODEL_H

#include <stddef.h>

#include "engine.h"
#include "pool.h"

struct model {
	char name[128];               /* the folder's name, e.g. nsfw-mobilenetv2 */
	const struct engine *engine;  /* the one that runs it */
	char chosen_by[160];          /* why that engine, for the startup line */
	int width, height;            /* the network's input size; channels are always 3 (RGB) */
	int classes;                  /* outputs of the network = lines of labels.txt */
	char **labels;                /* classes names */
	int copies;                   /* workers: inferences at once */
	void **workers;               /* the engine's, all of them */
	struct pool free_workers;     /* those not running an inference */
};

/* Loads DIR/labels.txt and DIR's network for COPIES inferences at once with the engine named
 * ENGINE, or when ENGINE is NULL the one whose files DIR holds (darknet's first when DIR holds
 * both). Every check that an engine would turn into exit() or silent garbage is made first:
 * files readable, 3 input channels, outputs = labels, weights size. Returns 0, or -1 with the
 * reason in ERR; model_free is due either way. */
int model_load(struct model *m, const char *dir, const char *engine, int copies, char *err, size_t errlen);

/* A worker of M for one request: waits until one is free. Every model_acquire is followed by
 * one model_release of the same worker. Thread-safe. */
void *model_acquire(struct model *m);
void model_release(struct model *m, void *worker);

/* Runs one forward pass of WORKER (from model_acquire) on INPUT, width * height * 3 floats in
 * the layout of resize_to_input, and writes the classes outputs to SCORES and the seconds spent
 * in the network to *SECONDS. 0, or -1 with the engine's reason in ERR. */
int model_predict(const struct model *m, void *worker, const float *input, float *scores, double *seconds, char *err,
		  size_t errlen);

void model_free(struct model *m);

#endif
