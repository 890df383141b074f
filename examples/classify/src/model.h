/* model.h: the classifier: a darknet network (model.cfg + model.weights) and its class names
 * (labels.txt) loaded from one folder, as several copies so that inferences can run at once. */
#ifndef CLASSIFY_MODEL_H
#define CLASSIFY_MODEL_H

#include <stddef.h>

#include "pool.h"

struct network; /* darknet's */

struct model {
	char name[128];          /* the folder's name, e.g. nsfw-mobilenetv2 */
	int width, height;       /* the network's input size; channels are always 3 (RGB) */
	int classes;             /* outputs of the network = lines of labels.txt */
	char **labels;           /* classes names */
	int copies;              /* networks in the pool */
	struct pool networks;    /* darknet network * */
};

/* Loads DIR/model.cfg, DIR/model.weights and DIR/labels.txt, COPIES networks. Every check that
 * darknet would turn into exit() or silent garbage is made first: files readable, 3 input
 * channels, outputs = labels, weights file size. Returns 0, or -1 with the reason in ERR. */
int model_load(struct model *m, const char *dir, int copies, char *err, size_t errlen);

/* A network of M for one request: waits until one is free. Every model_acquire is followed by
 * one model_release of the same network. Thread-safe. */
struct network *model_acquire(struct model *m);
void model_release(struct model *m, struct network *net);

/* Runs one forward pass of NET (from model_acquire) on INPUT, width * height * 3 floats in the
 * layout of resize_to_input, and copies the classes outputs to SCORES. Returns the seconds
 * spent in the network. */
double model_predict(const struct model *m, struct network *net, const float *input, float *scores);

void model_free(struct model *m);

#endif
