/* conv.c: the layers that carry weights. Conv2D and DepthwiseConv2D (with zero padding from a
 * preceding ZeroPadding2D and Keras's "same" padding) become darknet convolutions, Dense a
 * connected layer, BatchNormalization is folded into the layer before it; kernels are
 * rearranged from Keras's layout (kh, kw, in, out) into darknet's (out, in, kh, kw). */
#include "model.h"
#include "uni.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *what_of(const struct klayer *k)
{
	return uni_strf("layer '%s' (%s)", k->name, k->cls);
}

const char *activation_name(const char *keras)
{
	static const char *const map[][2] = {
		{ "linear", "linear" }, { "relu", "relu" }, { "relu6", "relu6" },
		{ "sigmoid", "logistic" }, { "elu", "elu" },
	};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strcmp(keras, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

const char *layer_activation(const struct klayer *k, bool *softmax)
{
	const char *a = json_str(k->config, "activation", "linear", what_of(k)), *d;
	*softmax = strcmp(a, "softmax") == 0;
	if (*softmax)
		return "linear";
	if (!(d = activation_name(a)))
		uni_die("%s: activation '%s' has no exact darknet equivalent (supported: linear, "
			"relu, relu6, sigmoid, elu, softmax) (fix: change the model: "
			"docs/MODELS.md lists the layers and settings that map)", what_of(k), a);
	return d;
}

/* Checks the settings every convolution shares and reads kernel size, strides and padding. */
static void conv_geometry(const struct klayer *k, int ks[2], int st[2], bool *same)
{
	const char *what = what_of(k);
	int dil[2] = { 1, 1 }, groups[1] = { 1 };
	if (strcmp(json_str(k->config, "data_format", "channels_last", what), "channels_last") != 0)
		uni_die("%s: data_format channels_first is not supported, darknet's layout is "
			"fixed (fix: save the model channels_last)", what);
	if (!json_ints(k->config, "kernel_size", ks, 2, what))
		uni_die("%s: no kernel_size (fix: give the model.json and weight shards as "
			"TensorFlow.js saved them)", what);
	if (!json_ints(k->config, "strides", st, 2, what))
		st[0] = st[1] = 1;
	json_ints(k->config, "dilation_rate", dil, 2, what);
	if (dil[0] != 1 || dil[1] != 1)
		uni_die("%s: dilation_rate %dx%d: darknet has no dilated convolution (fix: change "
			"the model: docs/MODELS.md lists the layers and settings that map)", what, dil[0], dil[1]);
	json_ints(k->config, "groups", groups, 1, what);
	if (groups[0] != 1)
		uni_die("%s: groups=%d is not supported (only DepthwiseConv2D maps to grouped "
			"convolution) (fix: change the model: docs/MODELS.md lists the layers and "
			"settings that map)", what,
			groups[0]);
	const char *padding = json_str(k->config, "padding", "valid", what);
	*same = strcmp(padding, "same") == 0;
	if (!*same && strcmp(padding, "valid") != 0)
		uni_die("%s: padding '%s' is not supported (valid, same) (fix: change the model: "
			"docs/MODELS.md lists the layers and settings that map)", what, padding);
	if (st[0] != st[1])
		uni_die("%s: strides %dx%d: darknet convolutions have one stride for both axes "
			"(fix: change the model: docs/MODELS.md lists the layers and settings that "
			"map)", what, st[0], st[1]);
}

/* Keras's "same" padding of one axis of size n: before and after. */
static void same_padding(int n, int kernel, int stride, int *before, int *after)
{
	int out = (n + stride - 1) / stride;
	int total = (out - 1) * stride + kernel - n;
	if (total < 0)
		total = 0;
	*before = total / 2;
	*after = total - total / 2;
}

/* The layer's bias (n values, one per output: "filters" or "units") into d->biases, unless
 * use_bias is false (the biases stay 0). */
static void layer_bias(struct dlayer *d, const struct klayer *k, struct weights *ws, int n, const char *outputs)
{
	const char *what = what_of(k);
	if (!json_bool(k->config, "use_bias", true, what))
		return;
	struct weight *b = weights_find(ws, k->name, "bias", 1, true);
	if (b->shape[0] != n)
		uni_die("%s: bias has %d values for %d %s (fix: give the model.json and weight shards as "
			"TensorFlow.js saved them)", what, b->shape[0], n, outputs);
	memcpy(d->biases, b->values, (size_t)n * sizeof(float));
}

/* The layer's kernel, checked against its geometry: ks, cin in, *n filters out, *cpg input
 * channels per group (depthwise: 1, the kernel [kh,kw,cin,depth_multiplier]). */
static struct weight *conv_kernel(const struct klayer *k, struct weights *ws, bool depthwise, const int ks[2],
				  int cin, int *n, int *cpg)
{
	const char *what = what_of(k);
	struct weight *kernel;
	if (depthwise) {
		int dm[1] = { 1 };
		json_ints(k->config, "depth_multiplier", dm, 1, what);
		kernel = weights_find(ws, k->name, "depthwise_kernel", 4, true);
		*n = cin * dm[0];
		*cpg = 1;
		if (kernel->shape[0] != ks[0] || kernel->shape[1] != ks[1] || kernel->shape[2] != cin ||
		    kernel->shape[3] != dm[0])
			uni_die("%s: depthwise_kernel shape [%d,%d,%d,%d], expected [%d,%d,%d,%d] "
				"(fix: give the model.json and weight shards as TensorFlow.js "
				"saved them)", what,
				kernel->shape[0], kernel->shape[1], kernel->shape[2], kernel->shape[3], ks[0], ks[1],
				cin, dm[0]);
	} else {
		*n = (int)json_num(k->config, "filters", 0, what);
		kernel = weights_find(ws, k->name, "kernel", 4, true);
		*cpg = cin;
		if (kernel->shape[0] != ks[0] || kernel->shape[1] != ks[1] || kernel->shape[2] != cin ||
		    kernel->shape[3] != *n)
			uni_die("%s: kernel shape [%d,%d,%d,%d], expected [%d,%d,%d,%d] (fix: give "
				"the model.json and weight shards as TensorFlow.js saved them)", what, kernel->shape[0],
				kernel->shape[1], kernel->shape[2], kernel->shape[3], ks[0], ks[1], cin, *n);
	}
	return kernel;
}

/* Copies the Keras kernel [kh][kw][cin][per] into darknet's [filter][cpg][size][size], shifted
 * by (ay, ax) into the square kernel darknet pads evenly. */
static void conv_weights(struct dlayer *d, const struct weight *kernel, const int ks[2], int cin, int cpg,
			 bool depthwise, int ay, int ax)
{
	int per = kernel->shape[3], size = d->size;
	for (int ky = 0; ky < ks[0]; ky++)
		for (int kx = 0; kx < ks[1]; kx++)
			for (int c = 0; c < cin; c++)
				for (int m = 0; m < per; m++) {
					float v = kernel->values[(((size_t)ky * ks[1] + kx) * cin + c) * per + m];
					/* Depthwise: output channel c*dm+m reads input channel c (group c). */
					int f = depthwise ? c * per + m : m, ci = depthwise ? 0 : c;
					d->weights[(((size_t)f * cpg + ci) * size + ky + ay) * size + kx + ax] = v;
				}
}

void conv_map(struct dlayer *d, const struct klayer *k, const struct tensor *in, struct tensor *out,
	      struct weights *ws, bool depthwise)
{
	const char *what = what_of(k);
	int ks[2], st[2];
	bool same, softmax;
	conv_geometry(k, ks, st, &same);
	if (in->flat)
		uni_die("%s: its input comes through Flatten; a convolution needs a feature map "
			"(fix: change the model: docs/MODELS.md lists the layers and settings that "
			"map)", what);
	/* in->h and in->w include the pending zero padding: what Keras's convolution sees. */
	int pt = in->pad[0], pb = in->pad[1], pl = in->pad[2], pr = in->pad[3];
	if (same) {
		int b, a;
		same_padding(in->h, ks[0], st[0], &b, &a);
		pt += b, pb += a;
		same_padding(in->w, ks[1], st[1], &b, &a);
		pl += b, pr += a;
	}
	int base_h = in->h - in->pad[0] - in->pad[1], base_w = in->w - in->pad[2] - in->pad[3];
	/* darknet pads p zeros on every side. With p >= each Keras padding, shifting the kernel by
	 * p - top (p - left) zero rows (columns) and appending p - bottom (p - right) gives the same
	 * sums: out(y) reads in(y*s - top + j) in both. One kernel size for both axes needs
	 * kh - top - bottom == kw - left - right. */
	if (ks[0] - pt - pb != ks[1] - pl - pr)
		uni_die("%s: kernel %dx%d with padding top %d bottom %d left %d right %d has no "
			"square darknet equivalent (fix: change the model: docs/MODELS.md lists "
			"the layers and settings that map)", what, ks[0], ks[1], pt, pb, pl, pr);
	int p = pt;
	if (pb > p) p = pb;
	if (pl > p) p = pl;
	if (pr > p) p = pr;
	if (base_h + pt + pb < ks[0] || base_w + pl + pr < ks[1])
		uni_die("%s: kernel %dx%d is larger than its padded input %dx%d (fix: change the "
			"model: docs/MODELS.md lists the layers and settings that map)", what, ks[0], ks[1],
			base_h + pt + pb, base_w + pl + pr);
	int size = ks[0] - pt - pb + 2 * p, s = st[0];
	int oh = (base_h + pt + pb - ks[0]) / s + 1, ow = (base_w + pl + pr - ks[1]) / s + 1;
	int cin = in->c;
	int n, cpg;
	struct weight *kernel = conv_kernel(k, ws, depthwise, ks, cin, &n, &cpg);
	d->type = D_CONV;
	d->filters = n;
	d->size = size;
	d->stride = s;
	d->padding = p;
	d->groups = depthwise ? cin : 1;
	d->out_h = oh, d->out_w = ow, d->out_c = n;
	d->activation = layer_activation(k, &softmax);
	if (softmax)
		uni_die("%s: a softmax activation on a feature map (over channels) has no darknet "
			"equivalent (fix: change the model: docs/MODELS.md lists the layers and "
			"settings that map)", what);
	d->nweights = (size_t)n * (size_t)cpg * (size_t)size * (size_t)size;
	d->weights = calloc(d->nweights, sizeof(float));
	d->biases = calloc((size_t)n, sizeof(float));
	if (!d->weights || !d->biases)
		uni_die("memory: out of memory (fix: free memory, or give the machine more)");
	conv_weights(d, kernel, ks, cin, cpg, depthwise, p - pt, p - pl);
	layer_bias(d, k, ws, n, "filters");
	out->h = oh, out->w = ow, out->c = n;
	out->flat = false;
	memset(out->pad, 0, sizeof out->pad);
}

bool dense_map(struct dlayer *d, const struct klayer *k, const struct tensor *in, struct tensor *out,
	       struct weights *ws)
{
	const char *what = what_of(k);
	int units = (int)json_num(k->config, "units", 0, what);
	int hw = in->h * in->w, cin = in->c, nin = hw * cin;
	bool softmax;
	struct weight *kernel = weights_find(ws, k->name, "kernel", 2, true);
	/* On a feature map Dense acts on each position's channels: a 1x1 convolution. */
	bool per_position = !in->flat && hw > 1;
	int kin = per_position ? cin : nin;
	if (kernel->shape[0] != kin || kernel->shape[1] != units)
		uni_die("%s: kernel shape [%d,%d], expected [%d,%d] (fix: give the model.json and "
			"weight shards as TensorFlow.js saved them)", what, kernel->shape[0], kernel->shape[1], kin,
			units);
	d->activation = layer_activation(k, &softmax);
	if (softmax && per_position)
		uni_die("%s: a softmax activation on a feature map (over channels) has no darknet "
			"equivalent (fix: change the model: docs/MODELS.md lists the layers and "
			"settings that map)", what);
	d->filters = units;
	d->nweights = (size_t)units * (size_t)kin;
	d->weights = uni_xmalloc(d->nweights * sizeof(float));
	d->biases = calloc((size_t)units, sizeof(float));
	if (!d->biases)
		uni_die("memory: out of memory (fix: free memory, or give the machine more)");
	if (per_position) {
		d->type = D_CONV;
		d->size = 1, d->stride = 1, d->padding = 0, d->groups = 1;
		d->out_h = in->h, d->out_w = in->w, d->out_c = units;
		for (int i = 0; i < cin; i++)
			for (int o = 0; o < units; o++)
				d->weights[(size_t)o * cin + i] = kernel->values[(size_t)i * units + o];
	} else {
		/* Keras flattens h,w,c; darknet holds c,h,w: input i of the kernel is darknet's j. */
		d->type = D_CONNECTED;
		d->inputs = nin;
		d->out_h = d->out_w = 1, d->out_c = units;
		for (int y = 0; y < in->h; y++)
			for (int x = 0; x < in->w; x++)
				for (int c = 0; c < cin; c++) {
					size_t i = ((size_t)y * in->w + x) * cin + c, j = ((size_t)c * in->h + y) * in->w + x;
					for (int o = 0; o < units; o++)
						d->weights[(size_t)o * nin + j] = kernel->values[i * units + o];
				}
	}
	layer_bias(d, k, ws, units, "units");
	out->h = d->out_h, out->w = d->out_w, out->c = units;
	/* Keras keeps the rank: a vector stays a vector, a 1x1 map a 1x1 map. */
	out->flat = in->flat;
	memset(out->pad, 0, sizeof out->pad);
	return softmax;
}

/* The per-channel affine map of an inference-time batch normalization:
 * y = (x - mean) * gamma / sqrt(var + epsilon) + beta = x * scale[c] + shift[c]. */
static void batchnorm_affine(const struct klayer *k, const struct tensor *in, struct weights *ws, int channels,
			     double *scale, double *shift)
{
	const char *what = what_of(k);
	int axis[1] = { -1 }, last = in->flat ? 1 : 3;
	json_ints(k->config, "axis", axis, 1, what);
	if (axis[0] != -1 && axis[0] != last)
		uni_die("%s: axis %d: only the channel axis (-1 or %d) maps to darknet (fix: "
			"change the model: docs/MODELS.md lists the layers and settings that map)", what, axis[0], last);
	double eps = json_num(k->config, "epsilon", 1e-3, what);
	struct weight *mean = weights_find(ws, k->name, "moving_mean", 1, true);
	struct weight *var = weights_find(ws, k->name, "moving_variance", 1, true);
	struct weight *gamma = json_bool(k->config, "scale", true, what) ? weights_find(ws, k->name, "gamma", 1, true) : NULL;
	struct weight *beta = json_bool(k->config, "center", true, what) ? weights_find(ws, k->name, "beta", 1, true) : NULL;
	struct weight *all[] = { mean, var, gamma, beta };
	for (size_t i = 0; i < 4; i++)
		if (all[i] && all[i]->shape[0] != channels)
			uni_die("%s: %s has %d values for %d channels (fix: give the model.json "
				"and weight shards as TensorFlow.js saved them)", what, all[i]->name, all[i]->shape[0], channels);
	for (int c = 0; c < channels; c++) {
		double g = gamma ? gamma->values[c] : 1.0, b = beta ? beta->values[c] : 0.0;
		scale[c] = g / sqrt((double)var->values[c] + eps);
		shift[c] = b - mean->values[c] * scale[c];
	}
}

void batchnorm_fold(struct dlayer *d, const struct klayer *k, const struct tensor *in, struct weights *ws)
{
	double *scale = uni_xmalloc((size_t)d->filters * sizeof(double));
	double *shift = uni_xmalloc((size_t)d->filters * sizeof(double));
	batchnorm_affine(k, in, ws, d->filters, scale, shift);
	size_t per = d->nweights / (size_t)d->filters;
	for (int f = 0; f < d->filters; f++) {
		for (size_t i = 0; i < per; i++)
			d->weights[(size_t)f * per + i] = (float)(d->weights[(size_t)f * per + i] * scale[f]);
		d->biases[f] = (float)(d->biases[f] * scale[f] + shift[f]);
	}
	free(scale);
	free(shift);
}

void batchnorm_alone(struct dlayer *d, const struct klayer *k, const struct tensor *in, struct weights *ws)
{
	double *scale = uni_xmalloc((size_t)in->c * sizeof(double));
	double *shift = uni_xmalloc((size_t)in->c * sizeof(double));
	batchnorm_affine(k, in, ws, in->c, scale, shift);
	d->type = D_CONV;
	d->filters = d->groups = in->c;
	d->size = 1, d->stride = 1, d->padding = 0;
	d->out_h = in->h, d->out_w = in->w, d->out_c = in->c;
	d->activation = "linear";
	d->nweights = (size_t)in->c;
	d->weights = uni_xmalloc(d->nweights * sizeof(float));
	d->biases = uni_xmalloc(d->nweights * sizeof(float));
	for (int c = 0; c < in->c; c++) {
		d->weights[c] = (float)scale[c];
		d->biases[c] = (float)shift[c];
	}
	free(scale);
	free(shift);
}
