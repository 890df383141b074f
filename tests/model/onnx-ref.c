/* onnx-ref.c: the ONNX Runtime side of tests/model/onnx-export.test, nsfw-ref.c's twin for the
 * model.onnx uni-model writes. For each JPEG: decode and stretch it to the model's input size
 * (photo.h), optionally write those floats (height x width x RGB) to PIXELDIR/NAME.f32, lay them
 * out channel by channel (darknet's input buffer), run the model's "input" [1,3,H,W] -> "output"
 * [1,N] on ONNX Runtime's CPU provider (one intra-op thread) and print the N probabilities and a
 * hash of the pixels. Lines starting with "info:" carry timings.
 * usage: onnx-ref MODEL.onnx PIXELDIR|- IMAGE.jpg... (exit 0; 1: an image failed; 2: an error) */
#include "photo.h"

#include <onnxruntime_c_api.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const OrtApi *ort;

/* Dies naming the step when ST is an error. */
static void check(OrtStatus *st, const char *step)
{
	if (!st)
		return;
	fprintf(stderr, "onnx-ref: %s: %s\n", step, ort->GetErrorMessage(st));
	exit(2);
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The dims of a session's first input or output ([1,3,H,W], [1,N]); dies when it has not n. */
static void io_dims(OrtSession *sess, int output, int64_t *dims, size_t n)
{
	OrtTypeInfo *ti;
	const OrtTensorTypeAndShapeInfo *tensor;
	size_t count;
	check(output ? ort->SessionGetOutputTypeInfo(sess, 0, &ti) : ort->SessionGetInputTypeInfo(sess, 0, &ti),
	      "type of the model's input/output");
	check(ort->CastTypeInfoToTensorInfo(ti, &tensor), "tensor info");
	check(ort->GetDimensionsCount(tensor, &count), "dimension count");
	if (count != n) {
		fprintf(stderr, "onnx-ref: model: its %s has %zu dimensions, expected %zu\n", output ? "output" : "input",
			count, n);
		exit(2);
	}
	check(ort->GetDimensions(tensor, dims, n), "dimensions");
	ort->ReleaseTypeInfo(ti);
}

/* Runs the model on one [1,3,H,W] buffer; returns its N probabilities (owned by *out). */
static const float *predict(OrtSession *sess, OrtMemoryInfo *mem, float *chw, const int64_t *shape, OrtValue **out)
{
	static const char *const in_names[] = { "input" }, *const out_names[] = { "output" };
	OrtValue *in = NULL;
	float *p;
	size_t bytes = sizeof(float) * (size_t)(shape[0] * shape[1] * shape[2] * shape[3]);
	check(ort->CreateTensorWithDataAsOrtValue(mem, chw, bytes, shape, 4, ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &in),
	      "input tensor");
	*out = NULL;
	check(ort->Run(sess, NULL, in_names, (const OrtValue *const *)&in, 1, out_names, 1, out), "run");
	check(ort->GetTensorMutableData(*out, (void **)&p), "output data");
	ort->ReleaseValue(in);
	return p;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: onnx-ref MODEL.onnx PIXELDIR|- IMAGE.jpg...\n");
		return 2;
	}
	ort = OrtGetApiBase()->GetApi(ORT_API_VERSION);
	OrtEnv *env;
	OrtSessionOptions *opts;
	OrtSession *sess;
	OrtMemoryInfo *mem;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	check(ort->CreateEnv(ORT_LOGGING_LEVEL_WARNING, "onnx-ref", &env), "environment");
	check(ort->CreateSessionOptions(&opts), "session options");
	check(ort->SetIntraOpNumThreads(opts, 1), "intra-op threads");
	check(ort->CreateSession(env, argv[1], opts, &sess), "session");
	check(ort->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &mem), "memory info");
	int64_t shape[4], out_dims[2];
	io_dims(sess, 0, shape, 4);
	io_dims(sess, 1, out_dims, 2);
	if (shape[0] != 1 || shape[1] != 3 || shape[2] < 1 || shape[3] < 1 || out_dims[0] != 1 || out_dims[1] < 1) {
		fprintf(stderr, "onnx-ref: model: input [%lld,%lld,%lld,%lld], output [%lld,%lld]; expected [1,3,H,W] "
			"and [1,N]\n", (long long)shape[0], (long long)shape[1], (long long)shape[2], (long long)shape[3],
			(long long)out_dims[0], (long long)out_dims[1]);
		return 2;
	}
	printf("info: load %.1f ms\n", ms_since(&t0));
	int H = (int)shape[2], W = (int)shape[3], n = W * H * 3, classes = (int)out_dims[1];
	float *hwc = malloc(sizeof(float) * n), *chw = malloc(sizeof(float) * n);
	int status = 0;
	for (int i = 3; i < argc; i++) {
		const char *name = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		int w, h, r = photo_input(argv[i], argv[2], hwc, W, H, &w, &h);
		if (r == 2)
			return 2;
		if (r) {
			status = 1;
			continue;
		}
		to_chw(hwc, chw, W, H);
		OrtValue *out;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		const float *p = predict(sess, mem, chw, shape, &out);
		double ms = ms_since(&t0);
		printf("pixels %s %dx%d %016llx\n", name, w, h, (unsigned long long)pixels_hash(hwc, (size_t)n));
		printf("probs %s", name);
		for (int c = 0; c < classes; c++)
			printf(" %.9f", p[c]);
		printf("\ninfo: predict %s %.1f ms\n", name, ms);
		ort->ReleaseValue(out);
	}
	free(hwc);
	free(chw);
	ort->ReleaseMemoryInfo(mem);
	ort->ReleaseSession(sess);
	ort->ReleaseSessionOptions(opts);
	ort->ReleaseEnv(env);
	return status;
}
