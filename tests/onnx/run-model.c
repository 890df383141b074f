/* run-model.c: loads an ONNX backend test case (DIR/model.onnx, DIR/test_data_set_0/input_N.pb)
 * with ONNX Runtime's C API, runs it on the CPU provider and checks every output against
 * output_N.pb (|got - want| <= 1e-5 + 1e-3 |want|, ONNX's backend-test tolerance). Prints one
 * line per output (name, type, shape, verdict) and "info:" lines with values and the largest
 * difference, which may differ between machines. Exit 0: all outputs match; 1: a mismatch;
 * 2: an error (named with its step). Usage: run-model [--threads N] DIR... */
#include <onnxruntime_c_api.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const OrtApi *ort;

static void die(const char *step, const char *msg)
{
	fprintf(stderr, "run-model: %s: %s\n", step, msg);
	exit(2);
}

static void check(OrtStatus *st, const char *step)
{
	if (st) {
		char msg[1024];
		snprintf(msg, sizeof msg, "%s", ort->GetErrorMessage(st));
		ort->ReleaseStatus(st);
		die(step, msg);
	}
}

/* --- a TensorProto (onnx.proto3), read from its protobuf wire format -------------------------- */

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

static const char *type_name(int type)
{
	switch (type) {
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: return "float";
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: return "double";
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: return "int32";
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: return "int64";
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: return "uint8";
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8: return "int8";
	case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: return "bool";
	default: return "unsupported";
	}
}

static uint64_t varint(const unsigned char **p, const unsigned char *end, const char *file)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (*p >= end)
			die(file, "truncated varint");
		unsigned char b = *(*p)++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	die(file, "varint longer than 10 bytes");
	return 0;
}

/* append: adds N bytes to the tensor's data. */
static void append(struct tensor *t, const void *src, size_t n)
{
	t->data = realloc(t->data, t->size + n);
	if (!t->data)
		die("read", "out of memory");
	memcpy(t->data + t->size, src, n);
	t->size += n;
}

/* Typed repeated fields: float_data (4), double_data (10) are fixed-width; int32_data (5) and
 * int64_data (7) are varints (int32_data also carries bool, int8 and uint8 elements). */
static void typed_element(struct tensor *t, int field, uint64_t v)
{
	size_t es = elem_size(t->type);
	if (field == 5 && es == 1) {
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

static struct tensor read_tensor(const char *file)
{
	struct tensor t = {0};
	FILE *f = fopen(file, "rb");
	if (!f)
		die(file, "cannot open");
	static unsigned char buf[16 << 20];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	if (n == sizeof buf)
		die(file, "larger than 16 MiB");
	const unsigned char *p = buf, *end = buf + n;
	while (p < end) {
		uint64_t key = varint(&p, end, file);
		int field = (int)(key >> 3), wire = (int)(key & 7);
		if (wire == 0) {
			uint64_t v = varint(&p, end, file);
			if (field == 1 && t.ndims < 8)
				t.dims[t.ndims++] = (int64_t)v;
			else if (field == 2)
				t.type = (int)v;
			else if (field == 5 || field == 7)
				typed_element(&t, field, v);
		} else if (wire == 2) {
			uint64_t len = varint(&p, end, file);
			if (len > (uint64_t)(end - p))
				die(file, "truncated field");
			const unsigned char *q = p, *qend = p + len;
			p = qend;
			if (field == 9 || field == 4 || field == 10)
				append(&t, q, len); /* raw_data, packed float_data / double_data */
			else if (field == 1)
				while (q < qend && t.ndims < 8)
					t.dims[t.ndims++] = (int64_t)varint(&q, qend, file);
			else if (field == 5 || field == 7)
				while (q < qend)
					typed_element(&t, field, varint(&q, qend, file));
		} else if (wire == 5) {
			if (end - p < 4)
				die(file, "truncated fixed32");
			if (field == 4)
				append(&t, p, 4);
			p += 4;
		} else if (wire == 1) {
			if (end - p < 8)
				die(file, "truncated fixed64");
			if (field == 10)
				append(&t, p, 8);
			p += 8;
		} else {
			die(file, "unsupported protobuf wire type");
		}
	}
	if (!elem_size(t.type))
		die(file, "tensor element type not handled by this program");
	size_t count = 1;
	for (size_t i = 0; i < t.ndims; i++)
		count *= (size_t)t.dims[i];
	if (count * elem_size(t.type) != t.size)
		die(file, "the data size does not match the dims");
	return t;
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

/* --- one test case ----------------------------------------------------------------------------- */

static int run_case(OrtEnv *env, OrtSessionOptions *opts, const char *dir)
{
	char path[4096];
	OrtAllocator *alloc;
	OrtSession *sess;
	OrtMemoryInfo *mem;
	size_t nin, nout;
	int bad = 0;

	check(ort->GetAllocatorWithDefaultOptions(&alloc), "allocator");
	snprintf(path, sizeof path, "%s/model.onnx", dir);
	check(ort->CreateSession(env, path, opts, &sess), path);
	check(ort->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &mem), "memory info");
	check(ort->SessionGetInputCount(sess, &nin), "input count");
	check(ort->SessionGetOutputCount(sess, &nout), "output count");
	printf("case %s: %zu inputs, %zu outputs\n", strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir, nin, nout);

	char **in_names = calloc(nin, sizeof *in_names), **out_names = calloc(nout, sizeof *out_names);
	OrtValue **in = calloc(nin, sizeof *in), **out = calloc(nout, sizeof *out);
	struct tensor *inputs = calloc(nin, sizeof *inputs);
	for (size_t i = 0; i < nin; i++) {
		check(ort->SessionGetInputName(sess, i, alloc, &in_names[i]), "input name");
		snprintf(path, sizeof path, "%s/test_data_set_0/input_%zu.pb", dir, i);
		inputs[i] = read_tensor(path);
		check(ort->CreateTensorWithDataAsOrtValue(mem, inputs[i].data, inputs[i].size, inputs[i].dims,
			inputs[i].ndims, inputs[i].type, &in[i]), "input tensor");
	}
	for (size_t i = 0; i < nout; i++)
		check(ort->SessionGetOutputName(sess, i, alloc, &out_names[i]), "output name");
	check(ort->Run(sess, NULL, (const char *const *)in_names, (const OrtValue *const *)in, nin,
		(const char *const *)out_names, nout, out), "run");

	for (size_t i = 0; i < nout; i++) {
		OrtTensorTypeAndShapeInfo *info;
		ONNXTensorElementDataType type;
		size_t ndims, count;
		int64_t dims[8];
		void *data;
		check(ort->GetTensorTypeAndShape(out[i], &info), "output shape");
		check(ort->GetTensorElementType(info, &type), "output type");
		check(ort->GetDimensionsCount(info, &ndims), "output rank");
		if (ndims > 8)
			die("output rank", "more than 8 dimensions");
		check(ort->GetDimensions(info, dims, ndims), "output dims");
		check(ort->GetTensorShapeElementCount(info, &count), "output size");
		ort->ReleaseTensorTypeAndShapeInfo(info);
		check(ort->GetTensorMutableData(out[i], &data), "output data");

		snprintf(path, sizeof path, "%s/test_data_set_0/output_%zu.pb", dir, i);
		struct tensor want = read_tensor(path);
		int same_shape = want.type == (int)type && want.ndims == ndims;
		for (size_t d = 0; same_shape && d < ndims; d++)
			same_shape = want.dims[d] == dims[d];
		double maxdiff = 0;
		size_t wrong = 0;
		for (size_t k = 0; same_shape && k < count; k++) {
			double g = element(data, type, k), w = element(want.data, want.type, k);
			double diff = fabs(g - w);
			if (diff > maxdiff || isnan(g))
				maxdiff = isnan(g) ? INFINITY : diff;
			if (!(diff <= 1e-5 + 1e-3 * fabs(w)))
				wrong++;
		}
		printf("  output %s: %s [", out_names[i], type_name(type));
		for (size_t d = 0; d < ndims; d++)
			printf("%s%lld", d ? "," : "", (long long)dims[d]);
		if (!same_shape)
			printf("]: MISMATCH: expected a %s tensor of rank %zu with other dims\n", type_name(want.type), want.ndims);
		else if (wrong)
			printf("]: MISMATCH: %zu of %zu values differ from the expected ones\n", wrong, count);
		else
			printf("]: %zu values match the expected ones\n", count);
		bad |= !same_shape || wrong;
		printf("info: %s max |diff| %.3g; first values:", out_names[i], maxdiff);
		for (size_t k = 0; k < count && k < 6; k++)
			printf(" %.6g", element(data, type, k));
		printf("\n");
		free(want.data);
		ort->ReleaseValue(out[i]);
		alloc->Free(alloc, out_names[i]);
	}
	for (size_t i = 0; i < nin; i++) {
		ort->ReleaseValue(in[i]);
		alloc->Free(alloc, in_names[i]);
		free(inputs[i].data);
	}
	free(in_names), free(out_names), free(in), free(out), free(inputs);
	ort->ReleaseMemoryInfo(mem);
	ort->ReleaseSession(sess);
	return bad;
}

int main(int argc, char **argv)
{
	int threads = 1, first = 1, bad = 0;
	OrtEnv *env;
	OrtSessionOptions *opts;

	if (argc > 2 && strcmp(argv[1], "--threads") == 0)
		threads = atoi(argv[2]), first = 3;
	if (first >= argc) {
		fprintf(stderr, "usage: run-model [--threads N] DIR...  (DIR: an ONNX backend test case)\n");
		return 2;
	}
	ort = OrtGetApiBase()->GetApi(ORT_API_VERSION);
	if (!ort)
		die("api", "this onnxruntime does not offer the C API version the program was built for");
	printf("onnxruntime %s, %d intra-op thread%s\n", OrtGetApiBase()->GetVersionString(), threads, threads == 1 ? "" : "s");
	check(ort->CreateEnv(ORT_LOGGING_LEVEL_WARNING, "run-model", &env), "environment");
	check(ort->CreateSessionOptions(&opts), "session options");
	check(ort->SetIntraOpNumThreads(opts, threads), "threads");
	for (int i = first; i < argc; i++)
		bad |= run_case(env, opts, argv[i]);
	ort->ReleaseSessionOptions(opts);
	ort->ReleaseEnv(env);
	printf("%s\n", bad ? "FAILED: an output differs from the expected one" : "all outputs match");
	return bad;
}
