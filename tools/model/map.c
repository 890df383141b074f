/* map.c: walks the Keras layer graph in order and emits darknet layers: a new layer where darknet
 * needs one, batch normalization and activations folded into the layer before them when nothing
 * else reads it, zero padding carried to the next convolution, [route] when a layer reads an
 * earlier output, [shortcut] for Add. Everything that would not compute the same numbers is
 * refused with the layer's name. */
#include "model.h"
#include "uni.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUPPORTED "InputLayer, Conv2D, DepthwiseConv2D, BatchNormalization, ReLU, LeakyReLU, Activation, " \
	"Softmax, ZeroPadding2D, Add, Concatenate, GlobalAveragePooling2D, AveragePooling2D (over the whole " \
	"map), MaxPooling2D, Dense, Dropout, SpatialDropout2D, Flatten, Reshape (when it keeps the order)"

struct mapper {
	struct dnet *net;
	const struct kgraph *g;
	struct weights *ws;
	struct tensor *t;          /* the output of each Keras layer */
};

static const char *what_of(const struct klayer *k)
{
	return uni_strf("layer '%s' (%s)", k->name, k->cls);
}

static char *join(const char *a, const char *b)
{
	return a && *a ? uni_strf("%s + %s", a, b) : uni_xstrdup(b);
}

/* A new darknet layer for Keras layer k reading tensor in. */
static struct dlayer *emit(struct mapper *m, enum dtype type, const struct klayer *k, const struct tensor *in)
{
	struct dnet *net = m->net;
	if (net->n == net->cap) {
		net->cap = net->cap ? net->cap * 2 : 64;
		struct dlayer *l = uni_xmalloc((size_t)net->cap * sizeof *l);
		if (net->n)
			memcpy(l, net->l, (size_t)net->n * sizeof *l);
		free(net->l);
		net->l = l;
	}
	struct dlayer *d = &net->l[net->n++];
	memset(d, 0, sizeof *d);
	d->type = type;
	d->activation = "linear";
	d->from_keras = join(in ? in->pending : NULL, k->name);
	if (in) {
		d->out_h = in->h, d->out_w = in->w, d->out_c = in->c;
	}
	return d;
}

/* The output of a new layer: held by the last darknet layer, nothing pending. */
static void produced(struct mapper *m, struct tensor *out, const struct dlayer *d)
{
	out->h = d->out_h, out->w = d->out_w, out->c = d->out_c;
	out->dl = m->net->n - 1;
	out->sole = true;
	out->pending = NULL;
	memset(out->pad, 0, sizeof out->pad);
}

static bool padded(const struct tensor *t)
{
	return t->pad[0] || t->pad[1] || t->pad[2] || t->pad[3];
}

/* in as the input of the next darknet layer: darknet layers read the previous layer's output,
 * so an earlier one is brought forward with [route]. */
static void take(struct mapper *m, const struct klayer *k, const struct tensor *in, bool pad_ok)
{
	if (padded(in) && !pad_ok)
		uni_die("%s reads the output of ZeroPadding2D; darknet can only fold zero padding "
			"into the convolution that follows it (fix: change the model: "
			"docs/MODELS.md lists the layers and settings that map)", what_of(k));
	if (in->dl == m->net->n - 1)
		return;
	if (in->dl < 0)
		uni_die("%s reads the network input after other layers did; darknet layers can "
			"only reach the input from the first layer (fix: change the model: "
			"docs/MODELS.md lists the layers and settings that map)", what_of(k));
	struct dlayer *r = emit(m, D_ROUTE, k, NULL);
	r->from_keras = uni_strf("route to %d for %s", in->dl, k->name);
	r->route[r->nroute++] = in->dl;
	const struct dlayer *src = &m->net->l[in->dl];
	r->out_h = src->out_h, r->out_w = src->out_w, r->out_c = src->out_c;
}

/* True when layer k may change the darknet layer holding its input in place: the input is read
 * by k alone. */
static bool foldable(const struct mapper *m, const struct klayer *k, const struct tensor *in)
{
	return in->dl >= 0 && in->sole && m->g->l[k->inputs[0]].consumers == 1 && !padded(in);
}

/* k's output is its input, changed in place (or not at all). */
static void passed(struct mapper *m, const struct klayer *k, struct tensor *out, const struct tensor *in)
{
	*out = *in;
	out->sole = in->sole && m->g->l[k->inputs[0]].consumers == 1;
	out->pending = join(in->pending, k->name);
}

static void folded(struct mapper *m, const struct klayer *k, struct tensor *out, const struct tensor *in)
{
	struct dlayer *d = &m->net->l[in->dl];
	d->from_keras = join(d->from_keras, join(in->pending, k->name));
	*out = *in;
	out->pending = NULL;
}

static void activation(struct mapper *m, const struct klayer *k, struct tensor *out, const struct tensor *in,
		       const char *act)
{
	if (strcmp(act, "linear") == 0) {
		passed(m, k, out, in);
		return;
	}
	if (foldable(m, k, in)) {
		struct dlayer *d = &m->net->l[in->dl];
		if ((d->type == D_CONV || d->type == D_CONNECTED || d->type == D_SHORTCUT || d->type == D_ACTIVATION) &&
		    strcmp(d->activation, "linear") == 0) {
			d->activation = act;
			folded(m, k, out, in);
			return;
		}
	}
	take(m, k, in, false);
	struct dlayer *d = emit(m, D_ACTIVATION, k, in);
	d->activation = act;
	produced(m, out, d);
	out->flat = in->flat;
}

static void softmax(struct mapper *m, const struct klayer *k, struct tensor *out, const struct tensor *in)
{
	if (in->h * in->w != 1)
		uni_die("%s: softmax over the channels of a %dx%d feature map has no darknet "
			"equivalent (darknet's [softmax] spans all its inputs) (fix: change the "
			"model: docs/MODELS.md lists the layers and settings that map)", what_of(k), in->h, in->w);
	take(m, k, in, false);
	struct dlayer *d = emit(m, D_SOFTMAX, k, in);
	produced(m, out, d);
	out->flat = in->flat;
}

static void input_layer(struct mapper *m, const struct klayer *k, struct tensor *out)
{
	const char *what = what_of(k);
	const struct json *shape = json_get(k->config, "batch_input_shape");
	if (!shape)
		shape = json_get(k->config, "batch_shape");
	if (m->net->c)
		uni_die("%s: a second input; darknet networks have one (fix: change the model: "
			"docs/MODELS.md lists the layers and settings that map)", what);
	if (!shape || shape->type != JSON_ARRAY || shape->n != 4)
		uni_die("%s: batch_input_shape is not [batch, height, width, channels]; darknet "
			"needs an image input (fix: change the model: docs/MODELS.md lists the "
			"layers and settings that map)",
			what);
	int dims[3];
	for (int i = 0; i < 3; i++) {
		const struct json *v = shape->items[i + 1];
		if (v->type != JSON_NUMBER || v->number < 1)
			uni_die("%s: batch_input_shape has no fixed size in dimension %d; darknet "
				"needs a fixed input size (fix: change the model: docs/MODELS.md "
				"lists the layers and settings that map)", what, i + 1);
		dims[i] = (int)v->number;
	}
	m->net->h = out->h = dims[0];
	m->net->w = out->w = dims[1];
	m->net->c = out->c = dims[2];
	out->dl = -1;
	out->sole = true;
}

static void zero_padding(struct mapper *m, const struct klayer *k, struct tensor *out, const struct tensor *in)
{
	const char *what = what_of(k);
	const struct json *p = json_get(k->config, "padding");
	int pad[4], hw[2] = { 1, 1 };
	if (strcmp(json_str(k->config, "data_format", "channels_last", what), "channels_last") != 0)
		uni_die("%s: data_format channels_first is not supported (fix: save the model "
			"channels_last)", what);
	/* ((top, bottom), (left, right)), or (h, w) on both sides, or one number everywhere. */
	if (p && p->type == JSON_ARRAY && p->n == 2 && p->items[0]->type == JSON_ARRAY) {
		json_ints_value(p->items[0], pad, 2, "padding", what);
		json_ints_value(p->items[1], pad + 2, 2, "padding", what);
	} else {
		json_ints(k->config, "padding", hw, 2, what);
		pad[0] = pad[1] = hw[0], pad[2] = pad[3] = hw[1];
	}
	if (in->flat)
		uni_die("%s: its input comes through Flatten (fix: change the model: "
			"docs/MODELS.md lists the layers and settings that map)", what);
	passed(m, k, out, in);
	for (int i = 0; i < 4; i++)
		out->pad[i] += pad[i];
	out->h += pad[0] + pad[1];
	out->w += pad[2] + pad[3];
}

static void add(struct mapper *m, const struct klayer *k, struct tensor *out)
{
	const struct klayer *g = m->g->l;
	const struct tensor *first = &m->t[k->inputs[0]];
	int base = 0;
	/* The input darknet holds right now (if any) saves a [route]. */
	for (int i = 0; i < k->ninputs; i++)
		if (m->t[k->inputs[i]].dl == m->net->n - 1)
			base = i;
	for (int i = 0; i < k->ninputs; i++) {
		const struct tensor *t = &m->t[k->inputs[i]];
		if (t->h != first->h || t->w != first->w || t->c != first->c)
			uni_die("%s: inputs '%s' (%dx%dx%d) and '%s' (%dx%dx%d) differ in shape "
				"(fix: change the model: docs/MODELS.md lists the layers and "
				"settings that map)", what_of(k),
				g[k->inputs[0]].name, first->h, first->w, first->c, g[k->inputs[i]].name, t->h, t->w, t->c);
		if (padded(t))
			uni_die("%s reads the output of ZeroPadding2D '%s' directly (fix: change "
				"the model: docs/MODELS.md lists the layers and settings that map)", what_of(k), g[k->inputs[i]].name);
		if (i != base && t->dl < 0)
			uni_die("%s: adds the network input, which darknet's [shortcut] cannot "
				"read (fix: change the model: docs/MODELS.md lists the layers and "
				"settings that map)", what_of(k));
	}
	const struct tensor *b = &m->t[k->inputs[base]];
	take(m, k, b, false);
	/* out = base + each other input, one [shortcut] per addend. */
	struct dlayer *d = NULL;
	for (int i = 0; i < k->ninputs; i++) {
		if (i == base)
			continue;
		d = emit(m, D_SHORTCUT, k, b);
		d->from = m->t[k->inputs[i]].dl;
	}
	if (!d)
		uni_die("%s has a single input (fix: give the model.json and weight shards as "
			"TensorFlow.js saved them)", what_of(k));
	produced(m, out, d);
	out->flat = b->flat;
}

static void concatenate(struct mapper *m, const struct klayer *k, struct tensor *out)
{
	const char *what = what_of(k);
	int axis = (int)json_num(k->config, "axis", -1, what), c = 0;
	const struct tensor *first = &m->t[k->inputs[0]];
	if (axis != -1 && axis != (first->flat ? 1 : 3))
		uni_die("%s: concatenation along axis %d; darknet's [route] joins channels only "
			"(fix: change the model: docs/MODELS.md lists the layers and settings that "
			"map)", what, axis);
	for (int i = 0; i < k->ninputs; i++) {
		const struct tensor *t = &m->t[k->inputs[i]];
		if (t->h != first->h || t->w != first->w)
			uni_die("%s: its inputs differ in height or width (fix: change the model: "
				"docs/MODELS.md lists the layers and settings that map)", what);
		if (t->dl < 0 || padded(t))
			uni_die("%s: input '%s' is the network input or zero padding, which "
				"[route] cannot read (fix: change the model: docs/MODELS.md lists "
				"the layers and settings that map)", what,
				m->g->l[k->inputs[i]].name);
		if (t->flat && t->h * t->w > 1)
			uni_die("%s: joining flattened %dx%d maps would interleave differently in "
				"darknet (fix: change the model: docs/MODELS.md lists the layers "
				"and settings that map)", what, t->h, t->w);
		c += t->c;
	}
	struct dlayer *d = emit(m, D_ROUTE, k, first);
	for (int i = 0; i < k->ninputs; i++)
		d->route[d->nroute++] = m->t[k->inputs[i]].dl;
	d->out_c = c;
	produced(m, out, d);
	out->flat = first->flat;
}

static void pooling(struct mapper *m, const struct klayer *k, struct tensor *out, const struct tensor *in, bool max)
{
	const char *what = what_of(k);
	int pool[2], st[2];
	if (strcmp(json_str(k->config, "data_format", "channels_last", what), "channels_last") != 0)
		uni_die("%s: data_format channels_first is not supported (fix: save the model "
			"channels_last)", what);
	if (!json_ints(k->config, "pool_size", pool, 2, what))
		pool[0] = pool[1] = 2;
	if (!json_ints(k->config, "strides", st, 2, what))
		st[0] = pool[0], st[1] = pool[1];
	bool same = strcmp(json_str(k->config, "padding", "valid", what), "same") == 0;
	if (in->flat)
		uni_die("%s: its input comes through Flatten (fix: change the model: "
			"docs/MODELS.md lists the layers and settings that map)", what);
	take(m, k, in, false);
	if (!max) {
		if (pool[0] != in->h || pool[1] != in->w || same)
			uni_die("%s: pool %dx%d (%s) on a %dx%d map; darknet's [avgpool] averages "
				"the whole map, so only a valid pool the size of its input maps "
				"(fix: change the model: docs/MODELS.md lists the layers and "
				"settings that map)", what, pool[0], pool[1], same ? "same" : "valid",
				in->h, in->w);
		struct dlayer *d = emit(m, D_AVGPOOL, k, in);
		d->out_h = d->out_w = 1;
		produced(m, out, d);
		out->flat = false;
		return;
	}
	if (pool[0] != pool[1] || st[0] != st[1])
		uni_die("%s: pool %dx%d stride %dx%d; darknet's [maxpool] is square (fix: change "
			"the model: docs/MODELS.md lists the layers and settings that map)", what, pool[0], pool[1], st[0], st[1]);
	if (!same && (in->h < pool[0] || in->w < pool[1]))
		uni_die("%s: pool %dx%d is larger than its %dx%d input (fix: change the model: "
			"docs/MODELS.md lists the layers and settings that map)", what, pool[0], pool[1], in->h, in->w);
	/* Keras "same" pads total = (out-1)*s + size - n, top total/2 (with -inf); darknet pads
	 * `padding` in all with offset -padding/2 and skips what lies outside: the same windows. */
	int oh = same ? (in->h + st[0] - 1) / st[0] : (in->h - pool[0]) / st[0] + 1;
	int ow = same ? (in->w + st[1] - 1) / st[1] : (in->w - pool[1]) / st[1] + 1;
	int th = (oh - 1) * st[0] + pool[0] - in->h, tw = (ow - 1) * st[1] + pool[1] - in->w;
	int total = same ? (th > 0 ? th : 0) : 0;
	if (same && total != (tw > 0 ? tw : 0))
		uni_die("%s: \"same\" padding differs between height and width on a %dx%d map "
			"(fix: change the model: docs/MODELS.md lists the layers and settings that "
			"map)", what, in->h, in->w);
	if ((in->h + total - pool[0]) / st[0] + 1 != oh || (in->w + total - pool[1]) / st[1] + 1 != ow)
		uni_die("%s: darknet's [maxpool] would give another output size than %dx%d (fix: "
			"change the model: docs/MODELS.md lists the layers and settings that map)", what, oh, ow);
	struct dlayer *d = emit(m, D_MAXPOOL, k, in);
	d->size = pool[0], d->stride = st[0], d->padding = total;
	d->out_h = oh, d->out_w = ow;
	produced(m, out, d);
	out->flat = false;
}

static void global_pooling(struct mapper *m, const struct klayer *k, struct tensor *out, const struct tensor *in)
{
	const char *what = what_of(k);
	if (strcmp(json_str(k->config, "data_format", "channels_last", what), "channels_last") != 0)
		uni_die("%s: data_format channels_first is not supported (fix: save the model "
			"channels_last)", what);
	if (in->flat)
		uni_die("%s: its input comes through Flatten (fix: change the model: "
			"docs/MODELS.md lists the layers and settings that map)", what);
	take(m, k, in, false);
	struct dlayer *d = emit(m, D_AVGPOOL, k, in);
	d->out_h = d->out_w = 1;
	produced(m, out, d);
	out->flat = !json_bool(k->config, "keepdims", false, what);
}

static void reshape(struct mapper *m, const struct klayer *k, struct tensor *out, const struct tensor *in)
{
	const char *what = what_of(k);
	const struct json *ts = json_get(k->config, "target_shape");
	int n = in->h * in->w * in->c;
	if (!ts || ts->type != JSON_ARRAY || (ts->n != 1 && ts->n != 3))
		uni_die("%s: target_shape is not [n] or [h, w, c] (fix: give the model.json and "
			"weight shards as TensorFlow.js saved them)", what);
	int dims[3] = { 1, 1, 1 };
	json_ints(k->config, "target_shape", dims + 3 - ts->n, ts->n, what);
	if (dims[0] * dims[1] * dims[2] != n)
		uni_die("%s: target_shape holds %d values, its input %d (fix: give the model.json "
			"and weight shards as TensorFlow.js saved them)", what, dims[0] * dims[1] * dims[2], n);
	/* Only vectors and 1x1 maps, whose order is the same in Keras (h,w,c) and darknet (c,h,w). */
	if (in->h * in->w != 1 || dims[0] * dims[1] != 1)
		uni_die("%s: reshaping %dx%dx%d to %dx%dx%d changes the element order under "
			"darknet's channel-first layout; only reshapes between [c] and [1,1,c] map "
			"(fix: change the model: docs/MODELS.md lists the layers and settings that "
			"map)", what, in->h, in->w, in->c, dims[0], dims[1],
			dims[2]);
	passed(m, k, out, in);
	out->flat = ts->n == 1;
}

static void batchnorm(struct mapper *m, const struct klayer *k, struct tensor *out, const struct tensor *in)
{
	if (foldable(m, k, in)) {
		struct dlayer *d = &m->net->l[in->dl];
		if ((d->type == D_CONV || d->type == D_CONNECTED) && strcmp(d->activation, "linear") == 0) {
			batchnorm_fold(d, k, in, m->ws);
			folded(m, k, out, in);
			return;
		}
	}
	take(m, k, in, false);
	struct dlayer *d = emit(m, D_CONV, k, in);
	batchnorm_alone(d, k, in, m->ws);
	produced(m, out, d);
	out->flat = in->flat;
}

static const char *relu_activation(const struct klayer *k)
{
	const char *what = what_of(k);
	double max = json_num(k->config, "max_value", -1, what);
	double slope = json_num(k->config, "negative_slope", 0, what);
	double threshold = json_num(k->config, "threshold", 0, what);
	if (slope != 0 || threshold != 0)
		uni_die("%s: negative_slope %g, threshold %g: darknet has only the plain ReLU (and "
			"0.1 leaky) (fix: change the model: docs/MODELS.md lists the layers and "
			"settings that map)", what,
			slope, threshold);
	if (max < 0)
		return "relu";
	if (max == 6)
		return "relu6";
	uni_die("%s: max_value %g; darknet caps only at 6 (relu6) (fix: change the model: "
		"docs/MODELS.md lists the layers and settings that map)", what, max);
}

static void map_layer(struct mapper *m, int i)
{
	const struct klayer *k = &m->g->l[i];
	const char *c = k->cls, *what = what_of(k);
	struct tensor *out = &m->t[i], *in = k->ninputs ? &m->t[k->inputs[0]] : NULL;
	bool multi = strcmp(c, "Add") == 0 || strcmp(c, "Concatenate") == 0;
	if (strcmp(c, "InputLayer") == 0) {
		input_layer(m, k, out);
		return;
	}
	if (k->ninputs == 0)
		uni_die("%s has no inputs (fix: give the model.json and weight shards as "
			"TensorFlow.js saved them)", what);
	if (k->ninputs > 1 && !multi)
		uni_die("%s has %d inputs; only Add and Concatenate take several (fix: change the "
			"model: docs/MODELS.md lists the layers and settings that map)", what, k->ninputs);
	if (strcmp(c, "Conv2D") == 0 || strcmp(c, "DepthwiseConv2D") == 0) {
		take(m, k, in, true);
		struct dlayer *d = emit(m, D_CONV, k, in);
		conv_map(d, k, in, out, m->ws, c[0] == 'D');
		produced(m, out, d);
	} else if (strcmp(c, "Dense") == 0) {
		take(m, k, in, false);
		struct dlayer *d = emit(m, D_CONNECTED, k, in);
		bool sm = dense_map(d, k, in, out, m->ws);
		bool flat = out->flat;
		produced(m, out, d);
		out->flat = flat;
		if (sm)
			softmax(m, k, out, out);
	} else if (strcmp(c, "BatchNormalization") == 0) {
		batchnorm(m, k, out, in);
	} else if (strcmp(c, "ReLU") == 0) {
		activation(m, k, out, in, relu_activation(k));
	} else if (strcmp(c, "LeakyReLU") == 0) {
		double alpha = json_num(k->config, "alpha", 0.3, what);
		if (alpha != 0.1)
			uni_die("%s: alpha %g; darknet's leaky activation has 0.1 (fix: change the "
				"model: docs/MODELS.md lists the layers and settings that map)", what, alpha);
		activation(m, k, out, in, "leaky");
	} else if (strcmp(c, "Activation") == 0) {
		const char *a = json_str(k->config, "activation", "linear", what), *d = activation_name(a);
		if (strcmp(a, "softmax") == 0)
			softmax(m, k, out, in);
		else if (d)
			activation(m, k, out, in, d);
		else
			uni_die("%s: activation '%s' has no exact darknet equivalent (supported: "
				"linear, relu, relu6, sigmoid, elu, softmax) (fix: change the "
				"model: docs/MODELS.md lists the layers and settings that map)", what, a);
	} else if (strcmp(c, "Softmax") == 0) {
		int axis = (int)json_num(k->config, "axis", -1, what);
		if (axis != -1 && axis != (in->flat ? 1 : 3))
			uni_die("%s: softmax along axis %d; only the last axis maps (fix: change "
				"the model: docs/MODELS.md lists the layers and settings that map)", what, axis);
		softmax(m, k, out, in);
	} else if (strcmp(c, "ZeroPadding2D") == 0) {
		zero_padding(m, k, out, in);
	} else if (strcmp(c, "Add") == 0) {
		add(m, k, out);
	} else if (strcmp(c, "Concatenate") == 0) {
		concatenate(m, k, out);
	} else if (strcmp(c, "GlobalAveragePooling2D") == 0) {
		global_pooling(m, k, out, in);
	} else if (strcmp(c, "AveragePooling2D") == 0 || strcmp(c, "MaxPooling2D") == 0) {
		pooling(m, k, out, in, c[0] == 'M');
	} else if (strcmp(c, "Dropout") == 0 || strcmp(c, "SpatialDropout2D") == 0) {
		/* Identity at inference. */
		passed(m, k, out, in);
	} else if (strcmp(c, "Flatten") == 0) {
		if (padded(in))
			uni_die("%s flattens the output of ZeroPadding2D (fix: change the model: "
				"docs/MODELS.md lists the layers and settings that map)", what);
		passed(m, k, out, in);
		out->flat = true;
	} else if (strcmp(c, "Reshape") == 0) {
		reshape(m, k, out, in);
	} else {
		uni_die("%s: uni-model has no darknet mapping for %s layers (supported: %s) (fix: "
			"change the model: docs/MODELS.md lists the layers and settings that map)", what, c, SUPPORTED);
	}
}

void map_graph(struct dnet *net, const struct kgraph *g, struct weights *ws, bool verbose)
{
	struct mapper m = { net, g, ws, calloc((size_t)g->n, sizeof(struct tensor)) };
	if (!m.t)
		uni_die("memory: out of memory (fix: free memory, or give the machine more)");
	memset(net, 0, sizeof *net);
	for (int i = 0; i < g->n; i++) {
		int before = net->n;
		map_layer(&m, i);
		if (verbose) {
			const struct tensor *t = &m.t[i];
			fprintf(stderr, "%-28s %-22s -> %dx%dx%d%s, %s\n", g->l[i].name, g->l[i].cls, t->h, t->w, t->c,
				t->flat ? " flat" : "", net->n > before ? uni_strf("darknet layer %d", net->n - 1)
				: t->dl >= 0 ? uni_strf("folded into or passed through layer %d", t->dl) : "the input");
		}
	}
	if (!net->c)
		uni_die("model: the model has no InputLayer (or batch_input_shape on its first "
			"layer) (fix: change the model: docs/MODELS.md lists the layers and "
			"settings that map)");
	const struct klayer *last = &g->l[g->output];
	const struct tensor *o = &m.t[g->output];
	if (o->dl < 0 || padded(o))
		uni_die("model: the model's output '%s' is its input or zero padding: nothing for "
			"darknet to compute (fix: change the model: docs/MODELS.md lists the "
			"layers and settings that map)", last->name);
	take(&m, last, o, false);
	free(m.t);
}
