/* engine.h: what the model needs from an inference engine (darknet, ONNX Runtime): load a model
 * folder's files as copies that each run one inference at a time, run one, free them. The model
 * (model.c) owns everything engine-neutral: labels, name, the choice of engine, the pool. */
#ifndef CLASSIFY_ENGINE_H
#define CLASSIFY_ENGINE_H

#include <stddef.h>

struct engine {
	const char *name;        /* --engine's value */
	const char *files;       /* the files it reads in the model folder, for messages */
	/* 1 when DIR holds this engine's files, for the choice of engine when --engine is not given. */
	int (*present)(const char *dir);
	/* Loads DIR's model for COPIES inferences at once into WORKERS[0..COPIES-1], checked against
	 * CLASSES outputs; sets the input's *WIDTH and *HEIGHT (3 channels). Returns 0, or -1 with
	 * the reason in ERR and nothing left loaded. */
	int (*load)(const char *dir, int classes, int copies, void **workers, int *width, int *height, char *err,
		    size_t errlen);
	/* One forward pass of WORKER (one caller at a time) on INPUT, width * height * 3 floats,
	 * planar R, G, B (NCHW [1,3,H,W]), writing CLASSES scores. 0, or -1 with the reason in ERR. */
	int (*predict)(void *worker, const float *input, int classes, float *scores, char *err, size_t errlen);
	/* Frees WORKERS[0..COPIES-1], all of what load made. */
	void (*unload)(void **workers, int copies);
};

/* The engines this build has (the Makefile compiles an engine's file when pkg-config finds its
 * library and defines CLASSIFY_ENGINE_DARKNET, CLASSIFY_ENGINE_ONNX accordingly). */
extern const struct engine engine_darknet, engine_onnx;

#endif
