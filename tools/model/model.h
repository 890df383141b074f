/* model.h: the interfaces between uni-model's parts: JSON values, the TensorFlow.js weights,
 * the Keras layer graph, the darknet layers it maps to, the cfg/weights writers and the ONNX
 * writer (on protobuf.c's wire format). */
#ifndef UNI_MODEL_H
#define UNI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- json.c: JSON values ------------------------------------------------------------------ */

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	bool boolean;
	double number;
	char *string;          /* JSON_STRING, NUL-terminated (a NUL inside is refused) */
	size_t n;              /* items of an array or members of an object */
	struct json **items;   /* array items, or object member values */
	char **keys;           /* object member names (NULL for arrays) */
};

/* Parses one value from text[0..len). In js mode it also accepts what a JavaScript object
 * literal written by a minifier uses: unquoted identifier keys, !0 and !1 for true and false,
 * numbers with a leading dot (.5, -.5); trailing text after the value is then ignored, otherwise
 * only whitespace may follow. what names the input in errors. Dies on a syntax error, naming the
 * line and column. */
struct json *json_parse(const char *text, size_t len, bool js, const char *what);

/* Member of an object, or NULL when obj is not an object or has no such member. */
const struct json *json_get(const struct json *obj, const char *key);
/* The member's value as a string/number/bool, or def when absent or JSON null. Dies naming
 * what when the member has another type. */
const char *json_str(const struct json *obj, const char *key, const char *def, const char *what);
double json_num(const struct json *obj, const char *key, double def, const char *what);
bool json_bool(const struct json *obj, const char *key, bool def, const char *what);
/* An array member of n integers (or one integer, repeated n times, as Keras allows) into out;
 * false when absent. Dies naming what on another shape. */
bool json_ints(const struct json *obj, const char *key, int *out, size_t n, const char *what);
/* The same for a value v (named key in errors). */
void json_ints_value(const struct json *v, int *out, size_t n, const char *key, const char *what);
/* The type's name, for messages. */
const char *json_type_name(enum json_type t);

/* --- jsmodule.c, base64.c: TensorFlow.js files wrapped in JavaScript modules --------------- */

/* Reads a whole file; dies naming it when it cannot. */
char *read_file(const char *path, size_t *len);
/* In the text of a JavaScript module (a browserify/UMD bundle such as nsfwjs ships), finds the
 * literal assigned by `exports = {...}` or `exports = "..."` and returns where it starts; dies
 * naming path when there is none. */
const char *js_module_literal(const char *text, size_t len, const char *path);
/* Decodes standard base64 (with = padding); dies naming what on any other character. */
unsigned char *base64_decode(const char *s, size_t len, size_t *out_len, const char *what);

/* --- weights.c: the weights manifest, shards and dequantization ---------------------------- */

struct weight {
	char *name;            /* as in the manifest, e.g. "Conv1/kernel" */
	int shape[8];
	int rank;
	size_t count;          /* number of values */
	float *values;         /* dequantized to float32 as TensorFlow.js does */
	const char *stored;    /* "float32", "uint8", "uint16" or "float16": how it was stored */
	bool used;
};

struct weights {
	struct weight *w;
	size_t n;
	size_t bytes;          /* total bytes read from the shards */
};

/* Loads every weight the manifest (an array of groups {paths, weights}) lists. Shard files are
 * model_dir/PATH, or the given files in order when nfiles > 0 (their number must then equal
 * the number of paths); a file whose name ends in .js is a JavaScript module holding the shard
 * as a base64 string. */
void weights_load(struct weights *ws, const struct json *manifest, const char *model_dir,
		  char **files, size_t nfiles);
/* The weight LAYER/NAME (or one whose name ends in /LAYER/NAME), checked to have the given rank;
 * NULL when absent and !required, else dies naming the layer. */
struct weight *weights_find(struct weights *ws, const char *layer, const char *name, int rank, bool required);

/* --- keras.c: the Keras layer graph -------------------------------------------------------- */

#define KERAS_MAX_INPUTS 16

struct klayer {
	const char *name;
	const char *cls;               /* class_name, e.g. "Conv2D" */
	const struct json *config;
	int inputs[KERAS_MAX_INPUTS];  /* indices of the layers whose outputs this layer takes */
	int ninputs;
	int consumers;                 /* how many layer inputs take this layer's output */
};

struct kgraph {
	struct klayer *l;
	int n;
	int output;                    /* the layer whose output is the model's output */
	const char *model_class;       /* "Model", "Functional" or "Sequential" */
};

/* Reads modelTopology (Keras's model JSON, or {model_config: ...} around it) into g, layers
 * in an order where every input comes first. Dies naming the layer on shapes it cannot read
 * (shared layers, several inputs or outputs). */
void keras_read(struct kgraph *g, const struct json *topology);

/* --- map.c, conv.c: darknet layers --------------------------------------------------------- */

enum dtype { D_CONV, D_CONNECTED, D_SHORTCUT, D_ROUTE, D_AVGPOOL, D_MAXPOOL, D_SOFTMAX, D_ACTIVATION };

struct dlayer {
	enum dtype type;
	char *from_keras;          /* the Keras layers folded into this one, for the cfg comment */
	int out_h, out_w, out_c;
	const char *activation;    /* darknet's name: linear, relu, relu6, logistic, tanh, leaky */
	/* D_CONV */
	int filters, size, stride, padding, groups;
	/* D_CONNECTED: inputs (filters is the output count) */
	int inputs;
	/* D_CONV, D_CONNECTED: biases[filters], weights in darknet's order */
	float *biases, *weights;
	size_t nweights;
	/* D_SHORTCUT: from; D_ROUTE: layers */
	int from;
	int route[KERAS_MAX_INPUTS], nroute;
	/* D_MAXPOOL: size, stride, padding above */
};

struct dnet {
	int h, w, c;               /* input */
	struct dlayer *l;
	int n, cap;
};

/* Maps the graph to darknet layers, taking weights from ws. Dies naming the Keras layer and its
 * class when a layer or one of its settings has no exact darknet equivalent. */
void map_graph(struct dnet *net, const struct kgraph *g, struct weights *ws, bool verbose);

/* A tensor as the mapping sees it: its Keras shape, where darknet holds it, and what is
 * pending on it (zero padding that a following convolution absorbs). */
struct tensor {
	int h, w, c;               /* Keras shape (rank 1 tensors: h = w = 1) */
	bool flat;                 /* came through Flatten: Keras order is h,w,c; darknet's c,h,w */
	int dl;                    /* darknet layer holding it; -1 = the network input */
	int pad[4];                /* pending zero padding: top, bottom, left, right */
	bool sole;                 /* nothing but this tensor's consumers reads layer dl's output */
	char *pending;             /* Keras layers passed through since dl (for the cfg comment) */
};

/* conv.c: Conv2D and DepthwiseConv2D (with pending padding from ZeroPadding2D) into a darknet
 * convolution; Dense into a connected layer (or a 1x1 convolution on a feature map); batch
 * normalization folded into a convolution or connected layer. */
void conv_map(struct dlayer *d, const struct klayer *k, const struct tensor *in, struct tensor *out,
	      struct weights *ws, bool depthwise);
/* Returns true when a softmax must follow (Dense with activation softmax). */
bool dense_map(struct dlayer *d, const struct klayer *k, const struct tensor *in, struct tensor *out,
	       struct weights *ws);
/* The activation in a Conv2D, DepthwiseConv2D or Dense config, as darknet's name; sets *softmax
 * (and returns "linear") for softmax, which only a flat output may have. */
const char *layer_activation(const struct klayer *k, bool *softmax);
void batchnorm_fold(struct dlayer *d, const struct klayer *k, const struct tensor *in, struct weights *ws);
/* A batch normalization that follows no convolution: a 1x1 convolution with groups = channels. */
void batchnorm_alone(struct dlayer *d, const struct klayer *k, const struct tensor *in, struct weights *ws);
/* darknet's name for a Keras activation (linear, relu, relu6, sigmoid, elu), or NULL when
 * darknet has no exact equivalent ("softmax" is a layer of its own). */
const char *activation_name(const char *keras);

/* --- protobuf.c: the protocol buffers wire format (write side) ----------------------------- */

struct pbuf {
	unsigned char *data;
	size_t len, cap;
};

/* Appends bytes as they are. */
void pb_raw(struct pbuf *b, const void *data, size_t n);
/* A varint field (int32, int64, enum; negative numbers as 64-bit two's complement). */
void pb_int(struct pbuf *b, int field, int64_t v);
/* A length-delimited field: bytes, a string, or an embedded message m (which is then freed). */
void pb_bytes(struct pbuf *b, int field, const void *data, size_t n);
void pb_string(struct pbuf *b, int field, const char *s);
void pb_message(struct pbuf *b, int field, struct pbuf *m);
/* A float field (32-bit, little-endian). */
void pb_float(struct pbuf *b, int field, float f);
/* Four bytes of v, little-endian first (raw tensor data). */
void pb_le32(struct pbuf *b, uint32_t v);
void pb_free(struct pbuf *b);

/* --- onnx.c: the ONNX writer --------------------------------------------------------------- */

/* Writes the darknet network as an ONNX model (IR version 8, opset 13): one float input
 * "input" [1,c,h,w] holding what darknet's network_predict reads (channel-first), one output
 * "output" [1,n], each darknet layer as the ONNX operators computing the same numbers with the
 * same weights. Returns the file's size in bytes; dies naming path on an I/O error. */
size_t onnx_write(const struct dnet *net, const char *path, const char *source);

/* --- cfg.c, dkweights.c: the writers ------------------------------------------------------- */

/* Writes darknet's cfg text; dies naming path on an I/O error. */
void cfg_write(const struct dnet *net, const char *path, const char *source);
/* Writes darknet's weights file (version 0.2.0, seen = 0): per convolution and connected layer,
 * biases then weights. Returns its size in bytes. */
size_t dkweights_write(const struct dnet *net, const char *path);

#endif
