/* keras.c: reads the Keras model in a TensorFlow.js layers model (a functional Model or a
 * Sequential) into a layer graph in dependency order, with each layer's inputs and the number
 * of layers that consume its output. */
#include "model.h"
#include "uni.h"

#include <stdlib.h>
#include <string.h>

static int find(const struct kgraph *g, const char *name)
{
	for (int i = 0; i < g->n; i++)
		if (strcmp(g->l[i].name, name) == 0)
			return i;
	return -1;
}

/* The layer a Keras 2 node reference ["name", node_index, tensor_index, {kwargs}] names. */
static int node_ref(const struct kgraph *g, const struct json *ref, const char *who)
{
	if (!ref || ref->type != JSON_ARRAY || ref->n < 3 || ref->items[0]->type != JSON_STRING)
		uni_die("layer '%s': an input is not a Keras 2 node reference [\"layer\", node, "
			"tensor, {}]; models saved by Keras 3 are not supported (fix: convert them "
			"with Keras 2 / tf.keras)", who);
	int i = find(g, ref->items[0]->string);
	if (i < 0)
		uni_die("layer '%s': its input '%s' is not a layer of the model (fix: give the "
			"model.json and weight shards as TensorFlow.js saved them)", who, ref->items[0]->string);
	if (ref->items[1]->type != JSON_NUMBER || ref->items[1]->number != 0 ||
	    ref->items[2]->type != JSON_NUMBER || ref->items[2]->number != 0)
		uni_die("layer '%s' takes output %g of call %g of layer '%s': layers called more "
			"than once (shared layers) or with several outputs are not supported (fix: "
			"change the model: docs/MODELS.md lists the layers and settings that map)", who, ref->items[2]->number,
			ref->items[1]->number, ref->items[0]->string);
	return i;
}

static void add_layer(struct kgraph *g, const struct json *lj, size_t idx)
{
	struct klayer *k = &g->l[g->n];
	memset(k, 0, sizeof *k);
	const char *what = uni_strf("layer %zu of the model", idx);
	k->cls = json_str(lj, "class_name", NULL, what);
	k->config = json_get(lj, "config");
	if (!k->cls || !k->config || k->config->type != JSON_OBJECT)
		uni_die("%s has no 'class_name' and 'config' object (fix: give the model.json and "
			"weight shards as TensorFlow.js saved them)", what);
	k->name = json_str(lj, "name", NULL, what);
	if (!k->name)
		k->name = json_str(k->config, "name", NULL, what);
	if (!k->name)
		k->name = uni_strf("layer_%zu", idx);
	if (find(g, k->name) >= 0)
		uni_die("model: two layers are named '%s' (fix: give the model.json and weight "
			"shards as TensorFlow.js saved them)", k->name);
	if (strcmp(k->cls, "Model") == 0 || strcmp(k->cls, "Functional") == 0 || strcmp(k->cls, "Sequential") == 0)
		uni_die("layer '%s' is itself a %s: nested models are not supported (fix: save the "
			"model flattened)",
			k->name, k->cls);
	g->n++;
}

static void add_input(struct klayer *k, int from)
{
	if (k->ninputs == KERAS_MAX_INPUTS)
		uni_die("layer '%s' has more than %d inputs (fix: change the model: docs/MODELS.md "
			"lists the layers and settings that map)", k->name, KERAS_MAX_INPUTS);
	k->inputs[k->ninputs++] = from;
}

static void read_functional(struct kgraph *g, const struct json *config)
{
	const struct json *layers = json_get(config, "layers");
	if (!layers || layers->type != JSON_ARRAY || layers->n == 0)
		uni_die("model: the %s has no 'layers' array (fix: give the model.json and weight "
			"shards as TensorFlow.js saved them)", g->model_class);
	g->l = uni_xmalloc(layers->n * sizeof *g->l);
	for (size_t i = 0; i < layers->n; i++)
		add_layer(g, layers->items[i], i);
	for (size_t i = 0; i < layers->n; i++) {
		struct klayer *k = &g->l[i];
		const struct json *nodes = json_get(layers->items[i], "inbound_nodes");
		if (!nodes || nodes->type != JSON_ARRAY)
			uni_die("layer '%s' has no 'inbound_nodes' array (fix: give the model.json "
				"and weight shards as TensorFlow.js saved them)", k->name);
		if (nodes->n > 1)
			uni_die("layer '%s' is called %zu times (a shared layer): not supported "
				"(fix: change the model: docs/MODELS.md lists the layers and "
				"settings that map)", k->name, nodes->n);
		if (nodes->n == 0)
			continue;
		const struct json *refs = nodes->items[0];
		if (refs->type != JSON_ARRAY)
			uni_die("layer '%s': its inbound node is not an array of Keras 2 node "
				"references; Keras 3 models are not supported (fix: convert the "
				"model with Keras 2 / tf.keras)", k->name);
		for (size_t r = 0; r < refs->n; r++)
			add_input(k, node_ref(g, refs->items[r], k->name));
	}
	const struct json *ins = json_get(config, "input_layers"), *outs = json_get(config, "output_layers");
	if (!ins || ins->type != JSON_ARRAY || ins->n != 1)
		uni_die("model: the model has %zu inputs; darknet networks take exactly one (fix: "
			"change the model: docs/MODELS.md lists the layers and settings that map)",
			ins && ins->type == JSON_ARRAY ? ins->n : 0);
	if (!outs || outs->type != JSON_ARRAY || outs->n != 1)
		uni_die("model: the model has %zu outputs; darknet networks give exactly one (fix: "
			"change the model: docs/MODELS.md lists the layers and settings that map)",
			outs && outs->type == JSON_ARRAY ? outs->n : 0);
	g->output = node_ref(g, outs->items[0], "the model's output");
}

static void read_sequential(struct kgraph *g, const struct json *config)
{
	const struct json *layers = config->type == JSON_ARRAY ? config : json_get(config, "layers");
	if (!layers || layers->type != JSON_ARRAY || layers->n == 0)
		uni_die("model: the Sequential model has no 'layers' array (fix: give the "
			"model.json and weight shards as TensorFlow.js saved them)");
	g->l = uni_xmalloc((layers->n + 1) * sizeof *g->l);
	const struct json *first = layers->items[0];
	if (strcmp(json_str(first, "class_name", "", "the first layer"), "InputLayer") != 0) {
		/* Keras puts the input's shape on the first layer: make it an InputLayer of its own. */
		struct klayer *k = &g->l[g->n++];
		memset(k, 0, sizeof *k);
		k->name = "input";
		k->cls = "InputLayer";
		k->config = json_get(first, "config");
	}
	for (size_t i = 0; i < layers->n; i++) {
		add_layer(g, layers->items[i], i);
		if (g->n > 1)
			add_input(&g->l[g->n - 1], g->n - 2);
	}
	g->output = g->n - 1;
}

/* Puts the layers in an order where every layer follows its inputs (Keras's own order when it
 * is one), and fails on cycles. */
static void sort_layers(struct kgraph *g)
{
	struct klayer *sorted = uni_xmalloc((size_t)g->n * sizeof *sorted);
	int *where = uni_xmalloc((size_t)g->n * sizeof *where), n = 0;
	for (int i = 0; i < g->n; i++)
		where[i] = -1;
	while (n < g->n) {
		int progress = 0;
		for (int i = 0; i < g->n; i++) {
			if (where[i] >= 0)
				continue;
			int ready = 1;
			for (int j = 0; j < g->l[i].ninputs; j++)
				ready &= where[g->l[i].inputs[j]] >= 0;
			if (!ready)
				continue;
			sorted[n] = g->l[i];
			where[i] = n++;
			progress = 1;
		}
		if (!progress)
			uni_die("model: the layer graph has a cycle (fix: give the model.json and "
				"weight shards as TensorFlow.js saved them)");
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < sorted[i].ninputs; j++)
			sorted[i].inputs[j] = where[sorted[i].inputs[j]];
	g->output = where[g->output];
	free(g->l);
	free(where);
	g->l = sorted;
}

void keras_read(struct kgraph *g, const struct json *topology)
{
	const struct json *model = json_get(topology, "model_config");
	if (!model)
		model = topology;
	memset(g, 0, sizeof *g);
	g->model_class = json_str(model, "class_name", NULL, "modelTopology");
	const struct json *config = json_get(model, "config");
	if (!g->model_class || !config)
		uni_die("reading: modelTopology has no 'class_name' and 'config'; graph models "
			"(tfjs GraphModel) are not supported (fix: give a TensorFlow.js layers "
			"model, format layers-model)");
	if (strcmp(g->model_class, "Model") == 0 || strcmp(g->model_class, "Functional") == 0)
		read_functional(g, config);
	else if (strcmp(g->model_class, "Sequential") == 0)
		read_sequential(g, config);
	else
		uni_die("model: the model's class is '%s'; only Model, Functional and Sequential "
			"are supported (fix: change the model: docs/MODELS.md lists the layers and "
			"settings that map)", g->model_class);
	sort_layers(g);
	for (int i = 0; i < g->n; i++)
		for (int j = 0; j < g->l[i].ninputs; j++)
			g->l[g->l[i].inputs[j]].consumers++;
}
