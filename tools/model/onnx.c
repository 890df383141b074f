/* onnx.c: writes the darknet network map.c built as an ONNX model, layer by layer, so that
 * ONNX Runtime computes what darknet computes from the same cfg and weights: the same input
 * buffer (channel-first floats, [1,c,h,w]), the same weights in the same layout (darknet's
 * (out, in/groups, kh, kw) is ONNX's OIHW; a connected layer's (out, in) is Gemm's B with
 * transB), batch normalization already folded as in the weights file. ONNX tensors are
 * [1,c,h,w] maps or [1,n] vectors: a connected layer or softmax flattens a map first (ONNX's
 * Flatten keeps c,h,w order, darknet's), a map layer reshapes a vector back to [1,n,1,1].
 * Field numbers are onnx.proto's (ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto, ValueInfoProto, TypeProto); operators are those of opset 13. */
#include "model.h"
#include "uni.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IR_VERSION 8
#define OPSET 13

/* TensorProto.DataType and AttributeProto.AttributeType values. */
enum { ELEM_FLOAT = 1, ELEM_INT64 = 7 };
enum { ATTR_FLOAT = 1, ATTR_INT = 2, ATTR_INTS = 7 };

/* A darknet layer's output as an ONNX tensor. Slot 0 is the network input, slot i + 1 layer i. */
struct value {
	const char *name;
	int rank;                  /* 4: [1,c,h,w]; 2: [1,c*h*w] */
	int c, h, w;
	const char *other;         /* the same values at the other rank, once a node made them */
	struct value *alias;       /* the slot that holds these values, when a [route] only passes them on */
};

struct onnx {
	const struct dnet *net;
	struct pbuf graph;
	struct value *v;
	bool clip_bounds;          /* the initializers relu6's Clip reads exist */
};

/* --- graph pieces ------------------------------------------------------------------------- */

static void attr_int(struct pbuf *node, const char *name, int64_t i)
{
	struct pbuf a = { 0 };
	pb_string(&a, 1, name);
	pb_int(&a, 20, ATTR_INT);
	pb_int(&a, 3, i);
	pb_message(node, 5, &a);
}

static void attr_ints(struct pbuf *node, const char *name, const int64_t *v, int n)
{
	struct pbuf a = { 0 };
	pb_string(&a, 1, name);
	pb_int(&a, 20, ATTR_INTS);
	for (int i = 0; i < n; i++)
		pb_int(&a, 8, v[i]);
	pb_message(node, 5, &a);
}

static void attr_float(struct pbuf *node, const char *name, float f)
{
	struct pbuf a = { 0 };
	pb_string(&a, 1, name);
	pb_int(&a, 20, ATTR_FLOAT);
	pb_float(&a, 2, f);
	pb_message(node, 5, &a);
}

/* A node op(inputs) -> output, named after its output; attributes follow with attr_*, then
 * node_end adds it to the graph. */
static struct pbuf node_start(const char *op, const char *const *inputs, int ninputs, const char *output)
{
	struct pbuf n = { 0 };
	for (int i = 0; i < ninputs; i++)
		pb_string(&n, 1, inputs[i]);
	pb_string(&n, 2, output);
	pb_string(&n, 3, output);
	pb_string(&n, 4, op);
	return n;
}

static void node_end(struct onnx *o, struct pbuf *n, const char *doc)
{
	if (doc)
		pb_string(n, 6, doc);
	pb_message(&o->graph, 1, n);
}

static void node1(struct onnx *o, const char *op, const char *input, const char *output)
{
	struct pbuf n = node_start(op, &input, 1, output);
	node_end(o, &n, NULL);
}

static void tensor_head(struct pbuf *t, const char *name, const int64_t *dims, int ndims, int elem)
{
	for (int i = 0; i < ndims; i++)
		pb_int(t, 1, dims[i]);
	pb_int(t, 2, elem);
	pb_string(t, 8, name);
}

/* A float initializer: raw_data, IEEE 754 little-endian whatever the host's order. */
static void init_floats(struct onnx *o, const char *name, const int64_t *dims, int ndims, const float *values)
{
	size_t count = 1;
	for (int i = 0; i < ndims; i++)
		count *= (size_t)dims[i];
	struct pbuf t = { 0 }, raw = { 0 };
	tensor_head(&t, name, dims, ndims, ELEM_FLOAT);
	for (size_t i = 0; i < count; i++) {
		uint32_t bits;
		memcpy(&bits, &values[i], sizeof bits);
		pb_le32(&raw, bits);
	}
	pb_bytes(&t, 9, raw.data, raw.len);
	pb_free(&raw);
	pb_message(&o->graph, 5, &t);
}

static void init_int64s(struct onnx *o, const char *name, const int64_t *values, int64_t count)
{
	struct pbuf t = { 0 }, raw = { 0 };
	tensor_head(&t, name, &count, 1, ELEM_INT64);
	for (int64_t i = 0; i < count; i++) {
		uint64_t u = (uint64_t)values[i];
		pb_le32(&raw, (uint32_t)u);
		pb_le32(&raw, (uint32_t)(u >> 32));
	}
	pb_bytes(&t, 9, raw.data, raw.len);
	pb_free(&raw);
	pb_message(&o->graph, 5, &t);
}

/* A graph input or output (ValueInfoProto): a float tensor of fixed dims. */
static void value_info(struct pbuf *graph, int field, const char *name, const int64_t *dims, int ndims)
{
	struct pbuf vi = { 0 }, type = { 0 }, tensor = { 0 }, shape = { 0 };
	for (int i = 0; i < ndims; i++) {
		struct pbuf dim = { 0 };
		pb_int(&dim, 1, dims[i]);
		pb_message(&shape, 1, &dim);
	}
	pb_int(&tensor, 1, ELEM_FLOAT);
	pb_message(&tensor, 2, &shape);
	pb_message(&type, 1, &tensor);
	pb_string(&vi, 1, name);
	pb_message(&vi, 2, &type);
	pb_message(graph, field, &vi);
}

/* --- darknet layers ----------------------------------------------------------------------- */

/* Slot s's values at the given rank: a Flatten to [1,n] or a Reshape to [1,c,h,w] the first
 * time another rank is asked for. */
static const char *at_rank(struct onnx *o, int s, int rank)
{
	struct value *v = &o->v[s];
	if (v->alias)
		v = v->alias;
	if (v->rank == rank)
		return v->name;
	if (v->other)
		return v->other;
	if (rank == 2) {
		v->other = uni_strf("%s_flat", v->name);
		struct pbuf n = node_start("Flatten", &v->name, 1, v->other);
		attr_int(&n, "axis", 1);
		node_end(o, &n, NULL);
	} else {
		v->other = uni_strf("%s_map", v->name);
		const char *shape_name = uni_strf("%s_shape", v->other);
		int64_t shape[4] = { 1, v->c, v->h, v->w };
		init_int64s(o, shape_name, shape, 4);
		const char *in[2] = { v->name, shape_name };
		struct pbuf n = node_start("Reshape", in, 2, v->other);
		node_end(o, &n, NULL);
	}
	return v->other;
}

/* Layer i's result at the given rank; returns the name its computing node writes, which is the
 * result itself unless the activation act follows. */
static const char *result(struct onnx *o, int i, int rank, const char *act)
{
	const struct dlayer *d = &o->net->l[i];
	struct value *v = &o->v[i + 1];
	*v = (struct value){ .rank = rank };
	v->c = d->out_c, v->h = d->out_h, v->w = d->out_w;
	v->name = uni_strf("l%d", i);
	return strcmp(act, "linear") == 0 ? v->name : uni_strf("l%d_pre", i);
}

/* Darknet's activation act on tensor pre, into layer i's result. */
static void activate(struct onnx *o, int i, const char *act, const char *pre)
{
	const char *out = o->v[i + 1].name;
	if (strcmp(act, "linear") == 0)
		return;
	if (strcmp(act, "relu6") == 0) {
		/* min(max(x, 0), 6); opset 13's Clip takes its bounds as (scalar) inputs. */
		if (!o->clip_bounds) {
			static const float low = 0, high = 6;
			init_floats(o, "relu6_min", NULL, 0, &low);
			init_floats(o, "relu6_max", NULL, 0, &high);
			o->clip_bounds = true;
		}
		const char *in[3] = { pre, "relu6_min", "relu6_max" };
		struct pbuf n = node_start("Clip", in, 3, out);
		node_end(o, &n, NULL);
	} else if (strcmp(act, "leaky") == 0) {
		struct pbuf n = node_start("LeakyRelu", &pre, 1, out);
		attr_float(&n, "alpha", 0.1f);
		node_end(o, &n, NULL);
	} else if (strcmp(act, "elu") == 0) {
		struct pbuf n = node_start("Elu", &pre, 1, out);
		attr_float(&n, "alpha", 1.0f);
		node_end(o, &n, NULL);
	} else if (strcmp(act, "relu") == 0 || strcmp(act, "logistic") == 0) {
		node1(o, act[0] == 'r' ? "Relu" : "Sigmoid", pre, out);
	} else {
		uni_die("writing: darknet layer %d's activation '%s' has no ONNX operator here (fix: "
			"convert with --format darknet)", i, act);
	}
}

static void conv(struct onnx *o, int i)
{
	const struct dlayer *d = &o->net->l[i];
	int64_t f = d->filters, size = d->size, s = d->stride, p = d->padding;
	int64_t groups = d->groups > 1 ? d->groups : 1;
	int64_t wdims[4] = { f, (int64_t)d->nweights / (f * size * size), size, size };
	const char *in[3] = { at_rank(o, i, 4), uni_strf("l%d_weight", i), uni_strf("l%d_bias", i) };
	init_floats(o, in[1], wdims, 4, d->weights);
	init_floats(o, in[2], &f, 1, d->biases);
	const char *pre = result(o, i, 4, d->activation);
	struct pbuf n = node_start("Conv", in, 3, pre);
	/* darknet pads `padding` zeros on every side and keeps only whole windows, as ONNX does. */
	attr_ints(&n, "kernel_shape", (int64_t[]){ size, size }, 2);
	attr_ints(&n, "strides", (int64_t[]){ s, s }, 2);
	attr_ints(&n, "pads", (int64_t[]){ p, p, p, p }, 4);
	attr_ints(&n, "dilations", (int64_t[]){ 1, 1 }, 2);
	attr_int(&n, "group", groups);
	node_end(o, &n, d->from_keras);
	activate(o, i, d->activation, pre);
}

static void connected(struct onnx *o, int i)
{
	const struct dlayer *d = &o->net->l[i];
	int64_t f = d->filters, wdims[2] = { f, (int64_t)d->nweights / f };
	const char *in[3] = { at_rank(o, i, 2), uni_strf("l%d_weight", i), uni_strf("l%d_bias", i) };
	init_floats(o, in[1], wdims, 2, d->weights);
	init_floats(o, in[2], &f, 1, d->biases);
	const char *pre = result(o, i, 2, d->activation);
	/* output = input (1 x in) times weights transposed (in x out) plus biases. */
	struct pbuf n = node_start("Gemm", in, 3, pre);
	attr_int(&n, "transB", 1);
	node_end(o, &n, d->from_keras);
	activate(o, i, d->activation, pre);
}

/* [shortcut]: the previous layer's output plus layer `from`'s, then the activation. */
static void shortcut(struct onnx *o, int i)
{
	const struct dlayer *d = &o->net->l[i];
	int rank = o->v[i].rank;
	const char *in[2] = { at_rank(o, i, rank), at_rank(o, d->from + 1, rank) };
	const char *pre = result(o, i, rank, d->activation);
	struct pbuf n = node_start("Add", in, 2, pre);
	node_end(o, &n, d->from_keras);
	activate(o, i, d->activation, pre);
}

/* Layer i passes slot s's values on unchanged: no node, the same tensor. */
static void pass_on(struct onnx *o, int i, int s)
{
	struct value *src = o->v[s].alias ? o->v[s].alias : &o->v[s];
	o->v[i + 1] = *src;
	o->v[i + 1].alias = src;
}

/* [route]: one earlier layer's output as it is, or several joined along the channels. */
static void route(struct onnx *o, int i)
{
	const struct dlayer *d = &o->net->l[i];
	if (d->nroute == 1) {
		pass_on(o, i, d->route[0] + 1);
		return;
	}
	int rank = 2;
	for (int r = 0; r < d->nroute; r++)
		if (o->v[d->route[r] + 1].rank == 4)
			rank = 4;
	const char *in[KERAS_MAX_INPUTS];
	for (int r = 0; r < d->nroute; r++)
		in[r] = at_rank(o, d->route[r] + 1, rank);
	struct pbuf n = node_start("Concat", in, d->nroute, result(o, i, rank, "linear"));
	attr_int(&n, "axis", 1);
	node_end(o, &n, d->from_keras);
}

static void maxpool(struct onnx *o, int i)
{
	const struct dlayer *d = &o->net->l[i];
	int64_t size = d->size, s = d->stride, before = d->padding / 2, after = d->padding - d->padding / 2;
	const char *in = at_rank(o, i, 4);
	/* darknet's window starts padding/2 before the input and skips what lies outside: ONNX's
	 * MaxPool with those pads in front and the rest behind. */
	struct pbuf n = node_start("MaxPool", &in, 1, result(o, i, 4, "linear"));
	attr_ints(&n, "kernel_shape", (int64_t[]){ size, size }, 2);
	attr_ints(&n, "strides", (int64_t[]){ s, s }, 2);
	attr_ints(&n, "pads", (int64_t[]){ before, before, after, after }, 4);
	node_end(o, &n, d->from_keras);
}

static void layer(struct onnx *o, int i)
{
	const struct dlayer *d = &o->net->l[i];
	const char *in;
	struct pbuf n;
	switch (d->type) {
	case D_CONV:
		conv(o, i);
		break;
	case D_CONNECTED:
		connected(o, i);
		break;
	case D_SHORTCUT:
		shortcut(o, i);
		break;
	case D_ROUTE:
		route(o, i);
		break;
	case D_MAXPOOL:
		maxpool(o, i);
		break;
	case D_AVGPOOL:
		in = at_rank(o, i, 4);
		n = node_start("GlobalAveragePool", &in, 1, result(o, i, 4, "linear"));
		node_end(o, &n, d->from_keras);
		break;
	case D_SOFTMAX:
		/* darknet's [softmax] (groups=1) spans all of the layer's inputs. */
		in = at_rank(o, i, 2);
		n = node_start("Softmax", &in, 1, result(o, i, 2, "linear"));
		attr_int(&n, "axis", 1);
		node_end(o, &n, d->from_keras);
		break;
	case D_ACTIVATION:
		if (strcmp(d->activation, "linear") == 0) {
			pass_on(o, i, i);
			break;
		}
		in = o->v[i].name;
		result(o, i, o->v[i].rank, d->activation);
		activate(o, i, d->activation, in);
		break;
	}
}

/* --- the model ---------------------------------------------------------------------------- */

static void write_all(const struct pbuf *model, const char *path)
{
	char *tmp = uni_strf("%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f)
		uni_die("writing: cannot create %s: %s (fix: choose a writable -o PREFIX)", tmp, strerror(errno));
	if ((fwrite(model->data, 1, model->len, f) != model->len) | ferror(f) | fclose(f)) {
		remove(tmp);
		uni_die("writing: cannot write %s: %s (fix: free space, or choose another -o "
			"PREFIX)", tmp, strerror(errno));
	}
	if (rename(tmp, path) != 0)
		uni_die("writing: cannot rename %s to %s: %s (fix: choose a writable -o PREFIX)", tmp, path, strerror(errno));
}

size_t onnx_write(const struct dnet *net, const char *path, const char *source)
{
	struct onnx o = { .net = net, .v = calloc((size_t)net->n + 1, sizeof(struct value)) };
	if (!o.v)
		uni_die("memory: out of memory (fix: free memory, or give the machine more)");
	o.v[0] = (struct value){ .name = "input", .rank = 4, .c = net->c, .h = net->h, .w = net->w };
	pb_string(&o.graph, 2, uni_basename(source));
	int64_t in_dims[4] = { 1, net->c, net->h, net->w };
	value_info(&o.graph, 11, "input", in_dims, 4);
	for (int i = 0; i < net->n; i++)
		layer(&o, i);
	/* The result as [1,n] named "output" (a Flatten keeps a vector as it is). */
	const struct value *last = &o.v[net->n];
	struct pbuf n = node_start("Flatten", &last->name, 1, "output");
	attr_int(&n, "axis", 1);
	node_end(&o, &n, NULL);
	int64_t out_dims[2] = { 1, (int64_t)last->c * last->h * last->w };
	value_info(&o.graph, 12, "output", out_dims, 2);

	struct pbuf model = { 0 }, opset = { 0 };
	pb_int(&model, 1, IR_VERSION);
	pb_string(&model, 2, "uni-model");
	pb_string(&model, 3, UNI_VERSION);
	pb_string(&model, 6, uni_strf("converted by uni-model from %s through darknet's layers (docs/MODELS.md)",
				      uni_basename(source)));
	pb_message(&model, 7, &o.graph);
	pb_int(&opset, 2, OPSET);
	pb_message(&model, 8, &opset);
	write_all(&model, path);
	size_t bytes = model.len;
	pb_free(&model);
	free(o.v);
	return bytes;
}
