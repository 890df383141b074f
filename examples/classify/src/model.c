/* model.c: the engine-neutral model: reads labels.txt, chooses the engine (--engine, else by the
 * folder's files), has it load the network as a pool of workers, times a forward pass. */
#include "model.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FAIL(...) (snprintf(err, errlen, __VA_ARGS__), -1)

#if !defined(CLASSIFY_ENGINE_DARKNET) && !defined(CLASSIFY_ENGINE_ONNX)
#error "no inference engine: build with -DCLASSIFY_ENGINE_DARKNET and/or -DCLASSIFY_ENGINE_ONNX (the Makefile does)"
#endif

/* Every engine the server knows, in order of preference when a folder holds the files of
 * several; ENGINE is NULL when this build lacks it (LIBRARY not found by pkg-config). */
static const struct known {
	const char *name, *library;
	const struct engine *engine;
} known[] = {
#ifdef CLASSIFY_ENGINE_DARKNET
	{ "darknet", "darknet", &engine_darknet },
#else
	{ "darknet", "darknet", NULL },
#endif
#ifdef CLASSIFY_ENGINE_ONNX
	{ "onnx", "libonnxruntime", &engine_onnx },
#else
	{ "onnx", "libonnxruntime", NULL },
#endif
};
#define NKNOWN (sizeof known / sizeof known[0])

/* Reads PATH's lines (trailing spaces and \r removed, a last empty line dropped) into M's labels. */
static int read_labels(struct model *m, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) return FAIL("cannot open %s: %s", path, strerror(errno));
	char line[256];
	int cap = 0, rc = 0;
	while (!rc && fgets(line, sizeof line, f)) {
		size_t len = strlen(line);
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			rc = FAIL("%s: line %d is too long", path, m->classes + 1);
			break;
		}
		while (len && strchr(" \t\r\n", line[len - 1])) line[--len] = 0;
		if (m->classes == cap) {
			cap = cap ? 2 * cap : 16;
			char **grown = realloc(m->labels, cap * sizeof *grown);
			if (!grown) rc = FAIL("out of memory reading %s", path);
			else m->labels = grown;
		}
		if (!rc && !(m->labels[m->classes++] = strdup(line))) rc = FAIL("out of memory reading %s", path);
	}
	fclose(f);
	if (rc) return rc;
	if (m->classes && !*m->labels[m->classes - 1]) free(m->labels[--m->classes]);
	for (int i = 0; i < m->classes; i++)
		if (!*m->labels[i]) return FAIL("%s: line %d is empty", path, i + 1);
	return m->classes ? 0 : FAIL("%s has no labels", path);
}

/* The engines this build lacks, as " (this build has no onnx engine: pkg-config found no
 * libonnxruntime when it was built)", or "". */
static const char *missing_engines(char *buf, size_t len)
{
	size_t at = 0;
	*buf = 0;
	for (size_t i = 0; i < NKNOWN && at < len; i++)
		if (!known[i].engine)
			at += snprintf(buf + at, len - at, " (this build has no %s engine: pkg-config found no %s when it was built)",
				       known[i].name, known[i].library);
	return buf;
}

/* Sets M's engine and why: ENGINE by name, else the first whose files DIR holds. */
static int choose_engine(struct model *m, const char *dir, const char *engine, char *err, size_t errlen)
{
	char missing[200];
	for (size_t i = 0; engine && i < NKNOWN; i++) {
		if (strcmp(known[i].name, engine)) continue;
		if (!known[i].engine)
			return FAIL("--engine %s: this build has no %s engine (fix: build where pkg-config finds %s, see README.md, "
				    "\"Building\")", engine, engine, known[i].library);
		m->engine = known[i].engine;
		snprintf(m->chosen_by, sizeof m->chosen_by, "chosen by --engine");
		return 0;
	}
	if (engine) return FAIL("--engine %s: no such engine (fix: --engine darknet or --engine onnx)", engine);
	for (size_t i = 0; i < NKNOWN; i++) {
		const struct engine *e = known[i].engine;
		if (!e || !e->present(dir)) continue;
		if (!m->engine) {
			m->engine = e;
			snprintf(m->chosen_by, sizeof m->chosen_by, "%s found", e->files);
		} else {
			size_t at = strlen(m->chosen_by);
			snprintf(m->chosen_by + at, sizeof m->chosen_by - at, "; %s too: --engine %s uses it", e->files, e->name);
		}
	}
	if (m->engine) return 0;
	char wanted[160] = "";
	for (size_t i = 0, at = 0; i < NKNOWN && at < sizeof wanted; i++)
		if (known[i].engine)
			at += snprintf(wanted + at, sizeof wanted - at, "%s%s (%s)", at ? " or " : "", known[i].engine->files, known[i].name);
	return FAIL("%s holds no model this server can run: it needs %s%s (fix: --model-dir a folder with one)", dir, wanted,
		    missing_engines(missing, sizeof missing));
}

int model_load(struct model *m, const char *dir, const char *engine, int copies, char *err, size_t errlen)
{
	char labels[PATH_MAX];
	*m = (struct model){ .copies = 0 };
	snprintf(labels, sizeof labels, "%s/labels.txt", dir);
	if (choose_engine(m, dir, engine, err, errlen) || read_labels(m, labels, err, errlen)) return -1;

	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/') len--;
	const char *base = dir + len;
	while (base > dir && base[-1] != '/') base--;
	snprintf(m->name, sizeof m->name, "%.*s", (int)(dir + len - base), base);

	m->workers = calloc(copies, sizeof *m->workers);
	if (!m->workers || pool_init(&m->free_workers, copies)) return FAIL("out of memory");
	if (m->engine->load(dir, m->classes, copies, m->workers, &m->width, &m->height, err, errlen)) return -1;
	m->copies = copies;
	for (int i = 0; i < copies; i++) pool_put(&m->free_workers, m->workers[i]);
	return 0;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

void *model_acquire(struct model *m)
{
	return pool_take(&m->free_workers);
}

void model_release(struct model *m, void *worker)
{
	pool_put(&m->free_workers, worker);
}

int model_predict(const struct model *m, void *worker, const float *input, float *scores, double *seconds, char *err,
		  size_t errlen)
{
	double start = now();
	int rc = m->engine->predict(worker, input, m->classes, scores, err, errlen);
	*seconds = now() - start;
	return rc;
}

void model_free(struct model *m)
{
	if (m->copies) m->engine->unload(m->workers, m->copies);
	if (m->free_workers.free) pool_destroy(&m->free_workers);
	free(m->workers);
	for (int i = 0; i < m->classes; i++) free(m->labels[i]);
	free(m->labels);
}
