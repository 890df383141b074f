/* run-model.c: runs ONNX backend test cases (DIR/model.onnx, DIR/test_data_set_0/input_N.pb) on
 * ONNX Runtime's CPU provider through its C API and checks every output against output_N.pb as
 * ONNX's backend test runner does (onnx/backend/test/loader and runner): the same element type and
 * shape, and numpy's assert_allclose with rtol 1e-3 and atol 1e-7, the defaults a case's data.json
 * may override (no node or pytorch-converted case does): |got - want| <= 1e-7 + 1e-3 |want|, NaN
 * matching NaN and an infinity itself.
 *
 * run-model [--threads N] DIR...: one line per output (name, type, shape, verdict) and "info:"
 * lines with values and the largest difference, which may differ between machines. Exit 0: all
 * outputs match; 1: a mismatch; 2: an error (named with its step).
 *
 * run-model [--threads N] --conformance SET...: every case folder in each SET folder (ONNX's node/
 * or pytorch-converted/), in name order, going on past failures. One line per case,
 * "SET/CASE: [not-float ]VERDICT[: detail]", VERDICT being pass, mismatch, unsupported (ONNX
 * Runtime makes no session of the model: its CPU provider lacks an operator or opset), skipped (a
 * graph input or output is not a tensor of a type this program reads: float, double, int8/32/64,
 * uint8, bool) or error (anything else); "not-float" marks a model with a graph input or output
 * that is not a float tensor. Then two lines per SET: its float cases,
 * "SET: P passed of T (M mismatch, U unsupported, N not float, E error)" (T: every case), and
 * "SET, not float: P passed of N (...)". Exit 0 once every case ran. */
#include <onnxruntime_c_api.h>

#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RTOL 1e-3
#define ATOL 1e-7

static const OrtApi *ort;
static OrtAllocator *alloc;
static OrtMemoryInfo *mem;
static char failure[1024]; /* why the current case failed: "STEP: CAUSE" */

static void die(const char *step, const char *cause)
{
	fprintf(stderr, "run-model: %s: %s\n", step, cause);
	exit(2);
}

static int fail(const char *step, const char *cause)
{
	snprintf(failure, sizeof failure, "%.300s: %.700s", step, cause);
	return -1;
}

/* ort_failed: 0 when ST is success, else -1 with its message as the failure of STEP. */
static int ort_failed(OrtStatus *st, const char *step)
{
	if (!st)
		return 0;
	fail(step, ort->GetErrorMessage(st));
	ort->ReleaseStatus(st);
	return -1;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		die("allocate", "out of memory");
	return p;
}

static int read_file(const char *path, unsigned char **buf, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return fail(path, "cannot open");
	long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
	*buf = n >= 0 ? xcalloc((size_t)n, 1) : NULL;
	int ok = n >= 0 && fseek(f, 0, SEEK_SET) == 0 && fread(*buf, 1, (size_t)n, f) == (size_t)n;
	fclose(f);
	if (!ok) {
		free(*buf);
		return fail(path, "cannot read");
	}
	*size = (size_t)n;
	return 0;
}

/* --- protobuf wire format: enough to read a TensorProto and a ModelProto's graph signature ---- */

struct pb { const unsigned char *p, *end; };
struct pb_field {
	int num, wire;
	uint64_t v;                /* wire 0 */
	const unsigned char *data; /* wire 1, 2, 5 */
	size_t len;
};

static int varint(struct pb *m, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64 && m->p < m->end; shift += 7) {
		unsigned char b = *m->p++;
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

/* pb_next: the message's next field. 1: F is set; 0: the message ended; -1: malformed. */
static int pb_next(struct pb *m, struct pb_field *f)
{
	uint64_t key;
	if (m->p >= m->end)
		return 0;
	if (varint(m, &key))
		return -1;
	f->num = (int)(key >> 3), f->wire = (int)(key & 7);
	if (f->wire == 0)
		return varint(m, &f->v) ? -1 : 1;
	if (f->wire == 1 || f->wire == 5)
		f->len = f->wire == 1 ? 8 : 4;
	else if (f->wire != 2 || varint(m, &f->v))
		return -1;
	else
		f->len = f->v;
	if (f->len > (size_t)(m->end - m->p))
		return -1;
	f->data = m->p;
	m->p += f->len;
	return 1;
}

/* find_field: the first field NUM with wire type WIRE of the message at P (N bytes); 1 if found. */
static int find_field(const unsigned char *p, size_t n, int num, int wire, struct pb_field *f)
{
	struct pb m = {p, p + n};
	while (pb_next(&m, f) > 0)
		if (f->num == num && f->wire == wire)
			return 1;
	return 0;
}

/* --- a TensorProto ------------------------------------------------------------------------------ */

struct tensor {
	int type;              /* TensorProto.DataType = ONNXTensorElementDataType */
	int64_t dims[8];
	size_t ndims;
	unsigned char *data;   /* elements in memory layout, little-endian as on x86_64 */
	size_t size;           /* bytes */
};

static size_t elem_size(int type)
{
	switch (type) {
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: return 4;
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: return 8;
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8:
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: return 1;
	default: return 0;
	}
}

/* type_name: TensorProto.DataType's names, in its order. */
static const char *type_name(uint64_t type)
{
	static const char *const names[] = {"undefined", "float", "uint8", "int8", "uint16", "int16",
		"int32", "int64", "string", "bool", "float16", "double", "uint32", "uint64", "complex64",
		"complex128", "bfloat16", "float8e4m3fn", "float8e4m3fnuz", "float8e5m2", "float8e5m2fnuz",
		"uint4", "int4", "float4e2m1"};
	return type < sizeof names / sizeof *names ? names[type] : "unknown";
}

static void append(struct tensor *t, const void *src, size_t n)
{
	t->data = realloc(t->data, t->size + n);
	if (!t->data)
		die("read", "out of memory");
	memcpy(t->data + t->size, src, n);
	t->size += n;
}

/* Varint repeated fields: int32_data (5) also carries bool, int8 and uint8 elements; int64_data (7). */
static void typed_element(struct tensor *t, int field, uint64_t v)
{
	if (field == 5 && elem_size(t->type) == 1) {
		uint8_t b = (uint8_t)v;
		append(t, &b, 1);
	} else if (field == 5) {
		int32_t i = (int32_t)v;
		append(t, &i, 4);
	} else {
		int64_t i = (int64_t)v;
		append(t, &i, 8);
	}
}

static int push_dim(struct tensor *t, uint64_t v)
{
	if (t->ndims == 8)
		return -1;
	t->dims[t->ndims++] = (int64_t)v;
	return 0;
}

/* tensor_field: one field of a TensorProto into T; -1 when malformed. */
static int tensor_field(struct tensor *t, const struct pb_field *f)
{
	struct pb packed = {f->data, f->data + f->len};
	uint64_t v;
	if (f->wire == 0 && f->num == 1)
		return push_dim(t, f->v);
	if (f->wire == 0 && f->num == 2)
		t->type = (int)f->v;
	else if (f->wire == 0 && (f->num == 5 || f->num == 7))
		typed_element(t, f->num, f->v);
	else if (f->wire == 2 && (f->num == 1 || f->num == 5 || f->num == 7)) /* packed */
		while (packed.p < packed.end) {
			if (varint(&packed, &v) || (f->num == 1 && push_dim(t, v)))
				return -1;
			if (f->num != 1)
				typed_element(t, f->num, v);
		}
	if (f->wire != 0 && (f->num == 4 || f->num == 9 || f->num == 10))
		append(t, f->data, f->len); /* float_data, raw_data, double_data */
	return 0;
}

static int read_tensor(const char *file, struct tensor *t)
{
	unsigned char *buf;
	size_t n, count = 1;
	struct pb_field f;
	int more;

	memset(t, 0, sizeof *t);
	if (read_file(file, &buf, &n))
		return -1;
	struct pb m = {buf, buf + n};
	while ((more = pb_next(&m, &f)) > 0 && tensor_field(t, &f) == 0)
		;
	free(buf);
	if (more)
		return fail(file, "not a TensorProto of at most 8 dimensions");
	if (!elem_size(t->type))
		return fail(file, "tensor element type not handled by this program");
	for (size_t i = 0; i < t->ndims; i++)
		count *= (size_t)t->dims[i];
	if (count * elem_size(t->type) != t->size)
		return fail(file, "the data size does not match the dims");
	if (!t->data)
		t->data = xcalloc(1, 1); /* an empty tensor still needs an address */
	return 0;
}

static double element(const void *data, int type, size_t i)
{
	switch (type) {
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: return ((const float *)data)[i];
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: return ((const double *)data)[i];
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: return ((const int32_t *)data)[i];
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: return (double)((const int64_t *)data)[i];
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8: return ((const int8_t *)data)[i];
	default: return ((const uint8_t *)data)[i];
	}
}

/* close_enough: numpy's assert_allclose, as ONNX's backend tests call it. */
static int close_enough(double got, double want)
{
	if (isnan(got) || isnan(want))
		return isnan(got) && isnan(want);
	return got == want || fabs(got - want) <= ATOL + RTOL * fabs(want);
}

/* --- a model's signature: are its graph inputs and outputs all float tensors? -------------------- */

/* value_type: the tensor element type (TensorProto.DataType) a TypeProto describes, or -1 for
 * another kind of value; KIND names either. */
static int value_type(const unsigned char *p, size_t n, const char **kind)
{
	static const char *const kinds[] = {[4] = "sequence", [5] = "map", [8] = "sparse tensor", [9] = "optional"};
	struct pb m = {p, p + n};
	struct pb_field f, elem;
	while (pb_next(&m, &f) > 0) {
		if (f.wire != 2)
			continue;
		if (f.num == 1) {
			int type = find_field(f.data, f.len, 1, 0, &elem) ? (int)elem.v : 0;
			*kind = type_name((uint64_t)type);
			return type;
		}
		if (f.num < (int)(sizeof kinds / sizeof *kinds) && kinds[f.num]) {
			*kind = kinds[f.num];
			return -1;
		}
	}
	*kind = "value of no type";
	return -1;
}

/* is_initializer: whether NAME (N bytes) names one of GRAPH's initializers (field 5, a TensorProto
 * whose name is field 8): models of IR version 3 list their weights among the graph's inputs. */
static int is_initializer(struct pb graph, const unsigned char *name, size_t n)
{
	struct pb_field f, init_name;
	while (pb_next(&graph, &f) > 0)
		if (f.num == 5 && f.wire == 2 && find_field(f.data, f.len, 8, 2, &init_name) &&
		    init_name.len == n && memcmp(init_name.data, name, n) == 0)
			return 1;
	return 0;
}

enum signature { FLOAT_TENSORS, READABLE_TENSORS, UNREADABLE, BAD_MODEL = -1 };

/* model_signature: what MODEL's graph inputs (but initializers) and outputs are: all float tensors;
 * tensors of types this program reads, WHY naming the first that is not float; or not, WHY naming
 * the first it cannot read. BAD_MODEL (failure set) when MODEL cannot be read. */
static enum signature model_signature(const char *model, char *why, size_t whylen)
{
	unsigned char *buf;
	size_t n;
	struct pb_field g, f, name, type_field;
	enum signature sig = FLOAT_TENSORS;

	if (read_file(model, &buf, &n))
		return BAD_MODEL;
	if (!find_field(buf, n, 7, 2, &g)) {
		free(buf);
		fail(model, "no graph in this ModelProto");
		return BAD_MODEL;
	}
	struct pb graph = {g.data, g.data + g.len}, m = graph;
	while (pb_next(&m, &f) > 0) {
		if ((f.num != 11 && f.num != 12) || f.wire != 2) /* input, output: ValueInfoProto */
			continue;
		const char *kind = "value of no type";
		int type = find_field(f.data, f.len, 2, 2, &type_field) ? value_type(type_field.data, type_field.len, &kind) : -1;
		enum signature this = type == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT ? FLOAT_TENSORS :
			type > 0 && elem_size(type) ? READABLE_TENSORS : UNREADABLE;
		if (!find_field(f.data, f.len, 1, 2, &name))
			name.data = (const unsigned char *)"", name.len = 0;
		if (this > sig && (f.num == 12 || !is_initializer(graph, name.data, name.len))) {
			snprintf(why, whylen, "%s %.*s is %s", f.num == 11 ? "input" : "output", (int)name.len,
				(const char *)name.data, kind);
			sig = this;
		}
	}
	free(buf);
	return sig;
}

/* --- one test case ------------------------------------------------------------------------------ */

struct run { /* one case's session and its input and output names and values */
	OrtSession *sess;
	size_t nin, nout;
	char **in_names, **out_names;
	OrtValue **in, **out;
	struct tensor *inputs;
};

struct comparison { /* one output against its expected tensor */
	ONNXTensorElementDataType type;
	int64_t dims[8];
	size_t ndims, count, wrong;
	int same_shape;
	double maxdiff;
	void *data;
	struct tensor want;
};

static int start_run(OrtEnv *env, OrtSessionOptions *opts, const char *dir, struct run *r)
{
	char path[4096];
	memset(r, 0, sizeof *r);
	snprintf(path, sizeof path, "%s/model.onnx", dir);
	return ort_failed(ort->CreateSession(env, path, opts, &r->sess), "session");
}

/* feed_and_run: reads the case's inputs and runs its session; -1 (failure set) on an error. */
static int feed_and_run(struct run *r, const char *dir)
{
	char path[4096];
	size_t nin, nout;
	if (ort_failed(ort->SessionGetInputCount(r->sess, &nin), "input count") ||
	    ort_failed(ort->SessionGetOutputCount(r->sess, &nout), "output count"))
		return -1;
	r->nin = nin, r->nout = nout;
	r->in_names = xcalloc(r->nin, sizeof *r->in_names), r->out_names = xcalloc(r->nout, sizeof *r->out_names);
	r->in = xcalloc(r->nin, sizeof *r->in), r->out = xcalloc(r->nout, sizeof *r->out);
	r->inputs = xcalloc(r->nin, sizeof *r->inputs);
	for (size_t i = 0; i < r->nin; i++) {
		struct tensor *t = &r->inputs[i];
		snprintf(path, sizeof path, "%s/test_data_set_0/input_%zu.pb", dir, i);
		if (ort_failed(ort->SessionGetInputName(r->sess, i, alloc, &r->in_names[i]), "input name") ||
		    read_tensor(path, t) ||
		    ort_failed(ort->CreateTensorWithDataAsOrtValue(mem, t->data, t->size, t->dims, t->ndims,
			    t->type, &r->in[i]), "input tensor"))
			return -1;
	}
	for (size_t i = 0; i < r->nout; i++)
		if (ort_failed(ort->SessionGetOutputName(r->sess, i, alloc, &r->out_names[i]), "output name"))
			return -1;
	return ort_failed(ort->Run(r->sess, NULL, (const char *const *)r->in_names, (const OrtValue *const *)r->in,
		r->nin, (const char *const *)r->out_names, r->nout, r->out), "run");
}

static void end_run(struct run *r)
{
	for (size_t i = 0; i < r->nin; i++) {
		if (r->in[i])
			ort->ReleaseValue(r->in[i]);
		if (r->in_names[i])
			alloc->Free(alloc, r->in_names[i]);
		free(r->inputs[i].data);
	}
	for (size_t i = 0; i < r->nout; i++) {
		if (r->out[i])
			ort->ReleaseValue(r->out[i]);
		if (r->out_names[i])
			alloc->Free(alloc, r->out_names[i]);
	}
	free(r->in_names), free(r->out_names), free(r->in), free(r->out), free(r->inputs);
	if (r->sess)
		ort->ReleaseSession(r->sess);
}

/* compare_output: output I of a run against DIR/test_data_set_0/output_I.pb; -1 (failure set) on
 * an error. C->want is to be freed. */
static int compare_output(const struct run *r, size_t i, const char *dir, struct comparison *c)
{
	char path[4096];
	OrtTensorTypeAndShapeInfo *info;
	memset(c, 0, sizeof *c);
	if (ort_failed(ort->GetTensorTypeAndShape(r->out[i], &info), "output shape"))
		return -1;
	int bad = ort_failed(ort->GetTensorElementType(info, &c->type), "output type") ||
		ort_failed(ort->GetDimensionsCount(info, &c->ndims), "output rank") ||
		(c->ndims > 8 && fail("output rank", "more than 8 dimensions")) ||
		ort_failed(ort->GetDimensions(info, c->dims, c->ndims), "output dims") ||
		ort_failed(ort->GetTensorShapeElementCount(info, &c->count), "output size");
	ort->ReleaseTensorTypeAndShapeInfo(info);
	snprintf(path, sizeof path, "%s/test_data_set_0/output_%zu.pb", dir, i);
	if (bad || ort_failed(ort->GetTensorMutableData(r->out[i], &c->data), "output data") ||
	    read_tensor(path, &c->want))
		return -1;
	c->same_shape = c->want.type == (int)c->type && c->want.ndims == c->ndims;
	for (size_t d = 0; c->same_shape && d < c->ndims; d++)
		c->same_shape = c->want.dims[d] == c->dims[d];
	for (size_t k = 0; c->same_shape && k < c->count; k++) {
		double g = element(c->data, c->type, k), w = element(c->want.data, c->want.type, k);
		double diff = isnan(g) != isnan(w) ? INFINITY : fabs(g - w);
		if (diff > c->maxdiff)
			c->maxdiff = diff;
		c->wrong += !close_enough(g, w);
	}
	return 0;
}

static void print_dims(const int64_t *dims, size_t ndims)
{
	for (size_t d = 0; d < ndims; d++)
		printf("%s%lld", d ? "," : "", (long long)dims[d]);
}

/* check_case: runs DIR and prints each output's verdict. 0: all match; 1: a mismatch; -1: an error. */
static int check_case(OrtEnv *env, OrtSessionOptions *opts, const char *dir)
{
	struct run r;
	int bad = 0;
	if (start_run(env, opts, dir, &r) || feed_and_run(&r, dir)) {
		end_run(&r);
		return -1;
	}
	printf("case %s: %zu inputs, %zu outputs\n", strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir, r.nin, r.nout);
	for (size_t i = 0; i < r.nout && bad >= 0; i++) {
		struct comparison c;
		if (compare_output(&r, i, dir, &c)) {
			bad = -1;
		} else {
			printf("  output %s: %s [", r.out_names[i], type_name(c.type));
			print_dims(c.dims, c.ndims);
			if (!c.same_shape)
				printf("]: MISMATCH: expected a %s tensor of rank %zu with other dims\n", type_name(c.want.type), c.want.ndims);
			else if (c.wrong)
				printf("]: MISMATCH: %zu of %zu values differ from the expected ones\n", c.wrong, c.count);
			else
				printf("]: %zu values match the expected ones\n", c.count);
			bad |= !c.same_shape || c.wrong;
			printf("info: %s max |diff| %.3g; first values:", r.out_names[i], c.maxdiff);
			for (size_t k = 0; k < c.count && k < 6; k++)
				printf(" %.6g", element(c.data, c.type, k));
			printf("\n");
		}
		free(c.want.data);
	}
	end_run(&r);
	return bad;
}

/* --- conformance: every case of a set, classified ---------------------------------------------- */

enum verdict { PASS, MISMATCH, UNSUPPORTED, SKIPPED, ERROR, VERDICTS };
static const char *const verdict_names[VERDICTS] = {"pass", "mismatch", "unsupported", "skipped", "error"};

struct outcome {
	enum verdict verdict;
	int float_only;  /* the model's graph inputs and outputs are all float tensors */
	char detail[300]; /* why the verdict, or which value is not float */
	double maxdiff;  /* a mismatch's largest |got - want| */
};

static void set_detail(struct outcome *o, const char *why)
{
	snprintf(o->detail, sizeof o->detail, "%.299s", why);
}

/* run_outputs: runs a session made of DIR and compares its outputs into O (verdict PASS so far). */
static void run_outputs(struct run *r, const char *dir, struct outcome *o)
{
	if (feed_and_run(r, dir)) {
		o->verdict = ERROR;
		set_detail(o, failure);
	}
	for (size_t i = 0; o->verdict == PASS && i < r->nout; i++) {
		struct comparison c;
		if (compare_output(r, i, dir, &c))
			o->verdict = ERROR, set_detail(o, failure);
		else if (!c.same_shape)
			o->verdict = MISMATCH, snprintf(o->detail, sizeof o->detail, "output %s is a %s tensor of rank %zu, expected %s of rank %zu",
				r->out_names[i], type_name(c.type), c.ndims, type_name(c.want.type), c.want.ndims);
		else if (c.wrong)
			o->verdict = MISMATCH, o->maxdiff = c.maxdiff, snprintf(o->detail, sizeof o->detail,
				"output %s: %zu of %zu values differ", r->out_names[i], c.wrong, c.count);
		free(c.want.data);
	}
}

/* case_outcome: DIR's verdict, and what made it so. */
static void case_outcome(OrtEnv *env, OrtSessionOptions *opts, const char *dir, struct outcome *o)
{
	char model[4096];
	struct run r;

	memset(o, 0, sizeof *o);
	snprintf(model, sizeof model, "%s/model.onnx", dir);
	enum signature sig = model_signature(model, o->detail, sizeof o->detail);
	o->float_only = sig == FLOAT_TENSORS || sig == BAD_MODEL;
	if (sig == BAD_MODEL || sig == UNREADABLE) {
		o->verdict = sig == BAD_MODEL ? ERROR : SKIPPED;
		if (sig == BAD_MODEL)
			set_detail(o, failure);
		return;
	}
	if (start_run(env, opts, dir, &r)) {
		o->verdict = UNSUPPORTED;
		set_detail(o, failure);
	} else {
		run_outputs(&r, dir, o);
	}
	end_run(&r);
	for (char *p = o->detail; *p; p++) /* one line per case */
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* list_cases: the names of SET's case folders (those with a model.onnx), sorted. */
static size_t list_cases(const char *set, char ***names)
{
	char path[4096];
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d = opendir(set);
	if (!d)
		die(set, "cannot open this folder of test cases");
	*names = NULL;
	while ((e = readdir(d))) {
		snprintf(path, sizeof path, "%s/%s/model.onnx", set, e->d_name);
		if (e->d_name[0] == '.' || access(path, R_OK) != 0)
			continue;
		if (n == cap && !(*names = realloc(*names, (cap = cap ? 2 * cap : 256) * sizeof **names)))
			die("list cases", "out of memory");
		if (!((*names)[n++] = strdup(e->d_name)))
			die("list cases", "out of memory");
	}
	closedir(d);
	qsort(*names, n, sizeof **names, by_name);
	return n;
}

static void run_set(OrtEnv *env, OrtSessionOptions *opts, const char *set)
{
	char **names, dir[2048];
	size_t counts[2][VERDICTS] = {{0}}, n = list_cases(set, &names);
	const char *slash = strrchr(set, '/'), *set_name = slash ? slash + 1 : set;
	struct outcome o;

	for (size_t i = 0; i < n; i++) {
		snprintf(dir, sizeof dir, "%s/%s", set, names[i]);
		case_outcome(env, opts, dir, &o);
		counts[o.float_only][o.verdict]++;
		printf("%s/%s: %s%s%s%s\n", set_name, names[i], o.float_only ? "" : "not-float ",
			verdict_names[o.verdict], *o.detail ? ": " : "", o.detail);
		if (o.verdict == MISMATCH)
			printf("info: %s/%s: largest |diff| %.3g\n", set_name, names[i], o.maxdiff);
		fflush(stdout);
		free(names[i]);
	}
	free(names);
	size_t *f = counts[1], *other = counts[0], not_float = 0;
	for (int v = 0; v < VERDICTS; v++)
		not_float += other[v];
	printf("%s: %zu passed of %zu (%zu mismatch, %zu unsupported, %zu not float, %zu error)\n", set_name,
		f[PASS], n, f[MISMATCH], f[UNSUPPORTED], not_float, f[ERROR]);
	printf("%s, not float: %zu passed of %zu (%zu mismatch, %zu unsupported, %zu skipped: types not read, %zu error)\n",
		set_name, other[PASS], not_float, other[MISMATCH], other[UNSUPPORTED], other[SKIPPED], other[ERROR]);
}

int main(int argc, char **argv)
{
	int threads = 1, first = 1, conformance = 0, bad = 0;
	OrtEnv *env;
	OrtSessionOptions *opts;

	if (argc > first + 1 && strcmp(argv[first], "--threads") == 0)
		threads = atoi(argv[first + 1]), first += 2;
	if (argc > first && strcmp(argv[first], "--conformance") == 0)
		conformance = 1, first++;
	if (first >= argc) {
		fprintf(stderr, "usage: run-model [--threads N] DIR...  (DIR: an ONNX backend test case)\n"
			"       run-model [--threads N] --conformance SET...  (SET: a folder of them)\n");
		return 2;
	}
	ort = OrtGetApiBase()->GetApi(ORT_API_VERSION);
	if (!ort)
		die("api", "this onnxruntime does not offer the C API version the program was built for");
	printf("onnxruntime %s, %d intra-op thread%s\n", OrtGetApiBase()->GetVersionString(), threads, threads == 1 ? "" : "s");
	if (ort_failed(ort->CreateEnv(ORT_LOGGING_LEVEL_WARNING, "run-model", &env), "environment") ||
	    ort_failed(ort->CreateSessionOptions(&opts), "session options") ||
	    ort_failed(ort->SetIntraOpNumThreads(opts, threads), "threads") ||
	    ort_failed(ort->GetAllocatorWithDefaultOptions(&alloc), "allocator") ||
	    ort_failed(ort->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &mem), "memory info"))
		die("setup", failure);
	for (int i = first; i < argc; i++) {
		if (conformance) {
			run_set(env, opts, argv[i]);
			continue;
		}
		int r = check_case(env, opts, argv[i]);
		if (r < 0)
			die(argv[i], failure);
		bad |= r;
	}
	ort->ReleaseMemoryInfo(mem);
	ort->ReleaseSessionOptions(opts);
	ort->ReleaseEnv(env);
	if (!conformance)
		printf("%s\n", bad ? "FAILED: an output differs from the expected one" : "all outputs match");
	return bad;
}
