/* engine_onnx.c: the ONNX Runtime engine (its C API, CPU provider): model.onnx with one float
 * input [1,3,H,W] and one float output [1,classes]. All workers share one session: OrtRun is
 * thread-safe, so the weights and the optimized graph are held once, and with one intra-op thread
 * each run computes on its caller's thread, so --workers runs at once use --workers cores, as the
 * darknet engine's networks do; the model's pool still bounds the runs (and decoded images). */
#include "engine.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <onnxruntime_c_api.h>

#define FAIL(...) (snprintf(err, errlen, __VA_ARGS__), -1)
#define MAX_RANK 8

static const OrtApi *ort;

struct onnx_model {
	OrtEnv *env;
	OrtSession *session;
	OrtMemoryInfo *memory;      /* where the inputs are: the caller's buffers */
	char *input_name, *output_name;
	int64_t input_shape[4];     /* 1, 3, height, width */
	size_t input_floats;
};

/* 0 when ST is a success, else -1 with ONNX Runtime's message for STEP in ERR. */
static int ort_failed(OrtStatus *st, const char *step, char *err, size_t errlen)
{
	if (!st) return 0;
	snprintf(err, errlen, "%s: ONNX Runtime: %s", step, ort->GetErrorMessage(st));
	ort->ReleaseStatus(st);
	return -1;
}

static int onnx_present(const char *dir)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/model.onnx", dir);
	return !access(path, F_OK);
}

/* DIMS as "[1,3,224,224]", an unknown dimension as "?". */
static const char *dims_text(const int64_t *dims, size_t rank, char *buf, size_t len)
{
	size_t at = snprintf(buf, len, "[");
	for (size_t i = 0; i < rank && at < len; i++)
		at += dims[i] < 0 ? snprintf(buf + at, len - at, "%s?", i ? "," : "")
				  : snprintf(buf + at, len - at, "%s%lld", i ? "," : "", (long long)dims[i]);
	if (at < len) snprintf(buf + at, len - at, "]");
	return buf;
}

struct signature {
	ONNXTensorElementDataType type;
	int64_t dims[MAX_RANK];
	size_t rank;
	char text[96]; /* "float [1,3,224,224]" */
};

/* The element type and dims of S's input 0 (OUTPUT 0) or output 0 (OUTPUT 1) into SIG; -1 with
 * the reason in ERR when it is not a tensor of at most MAX_RANK dimensions. */
static int signature(OrtSession *s, int output, const char *path, struct signature *sig, char *err, size_t errlen)
{
	const char *what = output ? "output" : "input";
	OrtTypeInfo *info;
	const OrtTensorTypeAndShapeInfo *tensor = NULL;
	if (ort_failed(output ? ort->SessionGetOutputTypeInfo(s, 0, &info) : ort->SessionGetInputTypeInfo(s, 0, &info), what, err,
		       errlen))
		return -1;
	int rc = ort_failed(ort->CastTypeInfoToTensorInfo(info, &tensor), what, err, errlen);
	if (!rc && !tensor) rc = FAIL("%s: the model's %s is not a tensor", path, what);
	if (!rc) rc = ort_failed(ort->GetTensorElementType(tensor, &sig->type), what, err, errlen) ||
		      ort_failed(ort->GetDimensionsCount(tensor, &sig->rank), what, err, errlen);
	if (!rc && sig->rank > MAX_RANK) rc = FAIL("%s: the model's %s has %zu dimensions", path, what, sig->rank);
	if (!rc) rc = ort_failed(ort->GetDimensions(tensor, sig->dims, sig->rank), what, err, errlen);
	ort->ReleaseTypeInfo(info);
	if (!rc) {
		char dims[80];
		snprintf(sig->text, sizeof sig->text, "%s %s", sig->type == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT ? "float" : "not float",
			 dims_text(sig->dims, sig->rank, dims, sizeof dims));
	}
	return rc;
}

/* Checks that M's session takes one float [1,3,H,W] input (the batch may be unknown, H and W
 * not) and gives one float [1,CLASSES] output (its size may be unknown: predict checks it). */
static int check_session(struct onnx_model *m, int classes, const char *path, char *err, size_t errlen)
{
	size_t inputs, outputs;
	struct signature in, out;
	if (ort_failed(ort->SessionGetInputCount(m->session, &inputs), "inputs", err, errlen) ||
	    ort_failed(ort->SessionGetOutputCount(m->session, &outputs), "outputs", err, errlen))
		return -1;
	if (inputs != 1 || outputs != 1)
		return FAIL("%s: the model has %zu inputs and %zu outputs; this server gives one input, float [1,3,H,W] (RGB, "
			    "NCHW), and reads one output, float [1,classes]", path, inputs, outputs);
	if (signature(m->session, 0, path, &in, err, errlen) || signature(m->session, 1, path, &out, err, errlen)) return -1;
	int64_t *d = in.dims;
	if (in.type != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT || in.rank != 4 || (d[0] != 1 && d[0] >= 0) || d[1] != 3 || d[2] <= 0 ||
	    d[3] <= 0)
		return FAIL("%s: the model's input is %s; this server gives float [1,3,H,W] (RGB, NCHW, fixed H and W)", path, in.text);
	if (out.type != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT || out.rank != 2 || (out.dims[0] != 1 && out.dims[0] >= 0))
		return FAIL("%s: the model's output is %s; this server reads float [1,classes]", path, out.text);
	if (out.dims[1] >= 0 && out.dims[1] != classes)
		return FAIL("%s: the model has %lld outputs but labels.txt names %d classes", path, (long long)out.dims[1], classes);
	int64_t shape[4] = { 1, 3, d[2], d[3] };
	memcpy(m->input_shape, shape, sizeof shape);
	m->input_floats = (size_t)(3 * d[2] * d[3]);
	return 0;
}

/* The name of S's input 0 (OUTPUT 0) or output 0 (OUTPUT 1), malloc'd, into *NAME. */
static int io_name(OrtSession *s, int output, char **name, char *err, size_t errlen)
{
	OrtAllocator *alloc;
	char *ort_name;
	if (ort_failed(ort->GetAllocatorWithDefaultOptions(&alloc), "allocator", err, errlen) ||
	    ort_failed(output ? ort->SessionGetOutputName(s, 0, alloc, &ort_name) : ort->SessionGetInputName(s, 0, alloc, &ort_name),
		       output ? "output name" : "input name", err, errlen))
		return -1;
	*name = strdup(ort_name);
	alloc->Free(alloc, ort_name);
	return *name ? 0 : FAIL("out of memory");
}

static void release(struct onnx_model *m)
{
	if (m->memory) ort->ReleaseMemoryInfo(m->memory);
	if (m->session) ort->ReleaseSession(m->session);
	if (m->env) ort->ReleaseEnv(m->env);
	free(m->input_name), free(m->output_name), free(m);
}

/* A session of PATH with one intra-op thread into M->session. */
static int open_session(struct onnx_model *m, const char *path, char *err, size_t errlen)
{
	OrtSessionOptions *opts;
	if (ort_failed(ort->CreateEnv(ORT_LOGGING_LEVEL_WARNING, "classify", &m->env), "environment", err, errlen) ||
	    ort_failed(ort->CreateSessionOptions(&opts), "session options", err, errlen))
		return -1;
	int rc = ort_failed(ort->SetIntraOpNumThreads(opts, 1), "session options", err, errlen) ||
		 ort_failed(ort->CreateSession(m->env, path, opts, &m->session), path, err, errlen);
	ort->ReleaseSessionOptions(opts);
	return rc ? -1 : 0;
}

static int onnx_load(const char *dir, int classes, int copies, void **workers, int *width, int *height, char *err,
		     size_t errlen)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/model.onnx", dir);
	FILE *f = fopen(path, "rb");
	if (!f) return FAIL("cannot open %s: %s", path, strerror(errno));
	fclose(f);
	if (!ort && !(ort = OrtGetApiBase()->GetApi(ORT_API_VERSION)))
		return FAIL("ONNX Runtime %s lacks the C API version %d this server was built with", OrtGetApiBase()->GetVersionString(),
			    ORT_API_VERSION);
	struct onnx_model *m = calloc(1, sizeof *m);
	if (!m) return FAIL("out of memory");
	if (open_session(m, path, err, errlen) || check_session(m, classes, path, err, errlen) ||
	    io_name(m->session, 0, &m->input_name, err, errlen) || io_name(m->session, 1, &m->output_name, err, errlen) ||
	    ort_failed(ort->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &m->memory), "memory info", err, errlen)) {
		release(m);
		return -1;
	}
	*width = (int)m->input_shape[3], *height = (int)m->input_shape[2];
	for (int i = 0; i < copies; i++) workers[i] = m;
	return 0;
}

/* The CLASSES floats of OUT into SCORES, if OUT has that many. */
static int copy_scores(OrtValue *out, int classes, float *scores, char *err, size_t errlen)
{
	OrtTensorTypeAndShapeInfo *info;
	size_t count;
	void *data;
	if (ort_failed(ort->GetTensorTypeAndShape(out, &info), "output", err, errlen)) return -1;
	int rc = ort_failed(ort->GetTensorShapeElementCount(info, &count), "output", err, errlen);
	ort->ReleaseTensorTypeAndShapeInfo(info);
	if (!rc && count != (size_t)classes) rc = FAIL("the model gave %zu outputs, labels.txt names %d classes", count, classes);
	if (!rc) rc = ort_failed(ort->GetTensorMutableData(out, &data), "output", err, errlen);
	if (!rc) memcpy(scores, data, classes * sizeof *scores);
	return rc;
}

static int onnx_predict(void *worker, const float *input, int classes, float *scores, char *err, size_t errlen)
{
	struct onnx_model *m = worker;
	OrtValue *in = NULL, *out = NULL;
	const char *in_name = m->input_name, *out_name = m->output_name;
	/* ONNX Runtime only reads an input tensor; the prototype is not const. */
	int rc = ort_failed(ort->CreateTensorWithDataAsOrtValue(m->memory, (void *)input, m->input_floats * sizeof *input, m->input_shape,
								  4, ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &in), "input tensor", err, errlen) ||
		 ort_failed(ort->Run(m->session, NULL, &in_name, (const OrtValue *const *)&in, 1, &out_name, 1, &out), "inference", err,
			    errlen) ||
		 copy_scores(out, classes, scores, err, errlen);
	if (out) ort->ReleaseValue(out);
	if (in) ort->ReleaseValue(in);
	return rc ? -1 : 0;
}

/* Every worker is the one shared session (onnx_load): release it once. */
static void onnx_unload(void **workers, int copies)
{
	if (copies) release(workers[0]);
}

const struct engine engine_onnx = {
	.name = "onnx",
	.files = "model.onnx",
	.present = onnx_present,
	.load = onnx_load,
	.predict = onnx_predict,
	.unload = onnx_unload,
};
