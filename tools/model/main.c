/* main.c: uni-model, converting a TensorFlow.js layers model (model.json + weight shards, or
 * both wrapped in JavaScript modules) into a darknet cfg and weights file, and/or the same
 * network as an ONNX model. */
#include "model.h"
#include "uni.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *f)
{
	fprintf(f,
		"usage: uni-model [OPTIONS] MODEL\n"
		"\n"
		"Converts a TensorFlow.js layers model (Keras) into a darknet network: PREFIX.cfg and\n"
		"PREFIX.weights, loadable with darknet's load_network(cfg, weights, 0), and/or\n"
		"(--format) the same network as PREFIX.onnx: ONNX (IR version 8, opset 13) with one\n"
		"input \"input\" [1,channels,height,width] (darknet's channel-first floats) and one output\n"
		"\"output\" [1,n], computing what darknet computes from the same weights.\n"
		"\n"
		"MODEL is a model.json (format layers-model: modelTopology + weightsManifest), or a\n"
		"JavaScript module whose body assigns it as a literal (exports={...}, as nsfwjs ships it).\n"
		"Weight shards are read from the manifest's paths next to MODEL, or from --weights files.\n"
		"Weights may be float32 or quantized (uint8, uint16 with min/scale; float16); they are\n"
		"decoded to float32 as TensorFlow.js decodes them.\n"
		"\n"
		"options:\n"
		"  -o, --output PREFIX   write PREFIX.cfg and PREFIX.weights and/or PREFIX.onnx\n"
		"                        (default: MODEL without .json/.js)\n"
		"  -f, --format FORMATS  darknet (the default), onnx, or both: darknet,onnx\n"
		"  -w, --weights FILE    a weight shard, in manifest order (repeat for each shard); a FILE\n"
		"                        ending in .js is a JavaScript module exporting the shard as base64\n"
		"  -v, --verbose         print how each Keras layer was mapped\n"
		"  -h, --help            this text\n"
		"      --version         the version\n"
		"\n"
		"Layers (Keras class -> darknet; ONNX writes each darknet layer as its operators:\n"
		"[convolutional] Conv (group for depthwise), [connected] Gemm, [shortcut] Add, [route]\n"
		"Concat, [avgpool] GlobalAveragePool, [maxpool] MaxPool, [softmax] Softmax, relu6 Clip):\n"
		"  InputLayer                  [net] width, height, channels (channels_last image input)\n"
		"  Conv2D                      [convolutional] (kernel (kh,kw,in,out) -> (out,in,kh,kw))\n"
		"  DepthwiseConv2D             [convolutional] groups=channels, filters=channels*multiplier\n"
		"  ZeroPadding2D + conv        folded into the convolution: e.g. ((0,1),(0,1)) + 3x3 stride 2\n"
		"                              valid = 4x4 kernel with a zero first row and column, padding 1\n"
		"  padding \"same\"              darknet padding; asymmetric cases as above\n"
		"  BatchNormalization          folded into the convolution/connected layer before it\n"
		"                              (scale = gamma/sqrt(variance+epsilon)), else a 1x1 grouped conv\n"
		"  ReLU, LeakyReLU(0.1),       the previous layer's activation (relu, relu6 for max_value 6,\n"
		"  Activation                  leaky, logistic for sigmoid, elu), else [activation]\n"
		"  Add                         [shortcut] from the other input\n"
		"  Concatenate (channels)      [route] layers=...\n"
		"  GlobalAveragePooling2D,     [avgpool]\n"
		"  AveragePooling2D (pool = the whole map, valid)\n"
		"  MaxPooling2D                [maxpool] size, stride, padding (valid or same)\n"
		"  Dense                       [connected] (kernel transposed; rows permuted after Flatten of\n"
		"                              a HxW map), or a 1x1 convolution on a feature map\n"
		"  Softmax, activation softmax [softmax] (over a vector or 1x1 map)\n"
		"  Dropout, SpatialDropout2D   nothing (identity at inference)\n"
		"  Flatten                     nothing (Dense after it reorders its kernel)\n"
		"  Reshape                     nothing, between [c] and [1,1,c] only\n"
		"Anything else, or a setting without an exact darknet equivalent (dilation, channels_first,\n"
		"non-square strides, tanh, ...), is refused naming the layer. See docs/MODELS.md.\n");
}

static char *default_prefix(const char *model)
{
	char *p = uni_xstrdup(model);
	size_t n = strlen(p);
	static const char *const exts[] = { ".min.js", ".js", ".json" };
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		size_t e = strlen(exts[i]);
		if (n > e && strcmp(p + n - e, exts[i]) == 0) {
			p[n - e] = 0;
			break;
		}
	}
	return p;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The command line: MODEL, -o PREFIX, -w FILE..., -f FORMATS, -v. */
struct args {
	const char *model, *prefix;
	char **files;
	size_t nfiles;
	bool verbose;
	bool darknet, onnx;     /* the formats to write */
};

/* --format's value: darknet, onnx, or both separated by a comma. */
static void parse_formats(struct args *o, const char *value)
{
	char *list = uni_xstrdup(value), *save = NULL;
	bool any = false;
	for (char *f = strtok_r(list, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		if (strcmp(f, "darknet") == 0)
			o->darknet = true;
		else if (strcmp(f, "onnx") == 0)
			o->onnx = true;
		else
			uni_die("options: unknown format '%s' in --format %s (fix: --format darknet, "
				"onnx or darknet,onnx)", f, value);
		any = true;
	}
	if (!any)
		uni_die("options: --format '%s' names no format (fix: --format darknet, onnx or "
			"darknet,onnx)", value);
	free(list);
}

static void parse_args(struct args *o, int argc, char **argv)
{
	*o = (struct args){ .files = uni_xmalloc((size_t)argc * sizeof *o->files) };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			exit(0);
		} else if (strcmp(a, "--version") == 0) {
			printf("uni-model (uni %s)\n", UNI_VERSION);
			exit(0);
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			o->verbose = true;
		} else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			if (i + 1 == argc)
				uni_die("options: %s needs an argument (fix: see uni-model --help)", a);
			o->prefix = argv[++i];
		} else if (strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) {
			if (i + 1 == argc)
				uni_die("options: %s needs an argument (fix: see uni-model --help)", a);
			parse_formats(o, argv[++i]);
		} else if (strncmp(a, "--format=", 9) == 0) {
			parse_formats(o, a + 9);
		} else if (strcmp(a, "-w") == 0 || strcmp(a, "--weights") == 0) {
			if (i + 1 == argc)
				uni_die("options: %s needs an argument (fix: see uni-model --help)", a);
			o->files[o->nfiles++] = argv[++i];
		} else if (strncmp(a, "--output=", 9) == 0) {
			o->prefix = a + 9;
		} else if (strncmp(a, "--weights=", 10) == 0) {
			o->files[o->nfiles++] = (char *)a + 10;
		} else if (a[0] == '-' && a[1]) {
			uni_die("options: unknown option %s (fix: see uni-model --help)", a);
		} else if (o->model) {
			uni_die("options: two models given (%s, %s) (fix: convert one at a time)", o->model, a);
		} else {
			o->model = a;
		}
	}
	if (!o->darknet && !o->onnx)
		o->darknet = true;
	if (!o->model) {
		usage(stderr);
		uni_die("options: no MODEL given (fix: uni-model [OPTIONS] MODEL)");
	}
}

/* Writes the formats asked for; returns what was written, for the summary line. */
static char *write_outputs(const struct dnet *net, const struct args *args, const char *prefix)
{
	char *written = NULL;
	if (args->darknet) {
		char *cfg = uni_strf("%s.cfg", prefix), *wfile = uni_strf("%s.weights", prefix);
		cfg_write(net, cfg, uni_basename(args->model));
		size_t bytes = dkweights_write(net, wfile);
		written = uni_strf("%s, %s (%zu bytes)", cfg, wfile, bytes);
	}
	if (args->onnx) {
		char *onnx = uni_strf("%s.onnx", prefix);
		size_t bytes = onnx_write(net, onnx, args->model);
		char *this = uni_strf("%s (%zu bytes)", onnx, bytes);
		written = written ? uni_strf("%s, %s", written, this) : this;
	}
	return written;
}

int main(int argc, char **argv)
{
	uni_init(argv[0], "uni-model", 1);
	struct args args;
	parse_args(&args, argc, argv);
	const char *model = args.model, *prefix = args.prefix;
	char **files = args.files;
	size_t nfiles = args.nfiles;
	bool verbose = args.verbose;
	if (!prefix)
		prefix = default_prefix(model);

	double t0 = now();
	size_t len;
	char *text = read_file(model, &len);
	size_t ml = strlen(model);
	bool js = ml > 3 && strcmp(model + ml - 3, ".js") == 0;
	const char *lit = js ? js_module_literal(text, len, model) : text;
	struct json *root = json_parse(lit, len - (size_t)(lit - text), js, model);
	const struct json *topology = json_get(root, "modelTopology");
	if (!topology)
		uni_die("reading: %s has no 'modelTopology' (fix: give a TensorFlow.js layers "
			"model.json)", model);
	const char *format = json_str(root, "format", "layers-model", model);
	if (strcmp(format, "layers-model") != 0)
		uni_die("reading: %s is a '%s', and only layers models (format layers-model) "
			"convert (fix: save the model with tf.keras / tfjs-converter as a layers "
			"model)", model, format);

	struct weights ws;
	weights_load(&ws, json_get(root, "weightsManifest"), dirname(uni_xstrdup(model)), files, nfiles);
	struct kgraph g;
	keras_read(&g, topology);
	struct dnet net;
	map_graph(&net, &g, &ws, verbose);
	for (size_t i = 0; i < ws.n; i++)
		if (!ws.w[i].used)
			uni_warn("model: weight '%s' is used by no layer that was converted: it is left "
				 "out", ws.w[i].name);

	size_t params = 0;
	for (int i = 0; i < net.n; i++)
		params += net.l[i].nweights + (net.l[i].type == D_CONV || net.l[i].type == D_CONNECTED ? (size_t)net.l[i].filters : 0);
	const struct dlayer *last = &net.l[net.n - 1];
	char *written = write_outputs(&net, &args, prefix);
	printf("uni-model: %s: %d Keras layers (%s) -> %d darknet layers, input %dx%dx%d, output %d values; "
	       "%zu weights read (%zu bytes), %zu parameters written; %s in %.2f s\n",
	       model, g.n, g.model_class, net.n, net.h, net.w, net.c, last->out_h * last->out_w * last->out_c, ws.n,
	       ws.bytes, params, written, now() - t0);
	return 0;
}
