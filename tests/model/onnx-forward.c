/* onnx-forward.c: dk-forward.c's twin for tests/model/onnx-export.test: runs the model.onnx
 * uni-model wrote ("input" [1,c,h,w] -> "output" [1,n]) on ONNX Runtime's CPU provider (one
 * intra-op thread) on one input file of height x width x channels float32 (a TensorFlow.js
 * tensor's order), which it lays out channel by channel as darknet does; prints every output,
 * one per line.
 * usage: onnx-forward MODEL.onnx INPUT.f32 */
#include <onnxruntime_c_api.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static const OrtApi *ort;

static void check(OrtStatus *st, const char *step)
{
	if (!st)
		return;
	fprintf(stderr, "onnx-forward: %s: %s\n", step, ort->GetErrorMessage(st));
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: onnx-forward MODEL.onnx INPUT.f32\n");
		return 2;
	}
	ort = OrtGetApiBase()->GetApi(ORT_API_VERSION);
	OrtEnv *env;
	OrtSessionOptions *opts;
	OrtSession *sess;
	OrtMemoryInfo *mem;
	OrtTypeInfo *ti;
	const OrtTensorTypeAndShapeInfo *tensor;
	size_t rank;
	int64_t shape[4];
	check(ort->CreateEnv(ORT_LOGGING_LEVEL_WARNING, "onnx-forward", &env), "environment");
	check(ort->CreateSessionOptions(&opts), "session options");
	check(ort->SetIntraOpNumThreads(opts, 1), "intra-op threads");
	check(ort->CreateSession(env, argv[1], opts, &sess), "session");
	check(ort->SessionGetInputTypeInfo(sess, 0, &ti), "input type");
	check(ort->CastTypeInfoToTensorInfo(ti, &tensor), "input tensor info");
	check(ort->GetDimensionsCount(tensor, &rank), "input rank");
	if (rank != 4) {
		fprintf(stderr, "onnx-forward: %s: the input has %zu dimensions, expected [1,c,h,w]\n", argv[1], rank);
		return 1;
	}
	check(ort->GetDimensions(tensor, shape, 4), "input dims");
	ort->ReleaseTypeInfo(ti);
	int c = (int)shape[1], h = (int)shape[2], w = (int)shape[3], n = c * h * w;
	float *hwc = malloc(sizeof(float) * n), *chw = malloc(sizeof(float) * n);
	FILE *f = fopen(argv[2], "rb");
	if (!f || fread(hwc, sizeof(float), (size_t)n, f) != (size_t)n || fgetc(f) != EOF) {
		fprintf(stderr, "%s: expected %d floats (%dx%dx%d)\n", argv[2], n, h, w, c);
		return 1;
	}
	fclose(f);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			for (int k = 0; k < c; k++)
				chw[((size_t)k * h + y) * w + x] = hwc[((size_t)y * w + x) * c + k];
	static const char *const in_names[] = { "input" }, *const out_names[] = { "output" };
	OrtValue *in = NULL, *out = NULL;
	OrtTensorTypeAndShapeInfo *out_info;
	size_t outputs;
	float *p;
	check(ort->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &mem), "memory info");
	check(ort->CreateTensorWithDataAsOrtValue(mem, chw, sizeof(float) * (size_t)n, shape, 4,
						  ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &in), "input tensor");
	check(ort->Run(sess, NULL, in_names, (const OrtValue *const *)&in, 1, out_names, 1, &out), "run");
	check(ort->GetTensorTypeAndShape(out, &out_info), "output shape");
	check(ort->GetTensorShapeElementCount(out_info, &outputs), "output count");
	check(ort->GetTensorMutableData(out, (void **)&p), "output data");
	for (size_t i = 0; i < outputs; i++)
		printf("%.9g\n", p[i]);
	ort->ReleaseTensorTypeAndShapeInfo(out_info);
	ort->ReleaseValue(out);
	ort->ReleaseValue(in);
	ort->ReleaseMemoryInfo(mem);
	ort->ReleaseSession(sess);
	ort->ReleaseSessionOptions(opts);
	ort->ReleaseEnv(env);
	return 0;
}
