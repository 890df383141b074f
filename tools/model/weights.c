/* weights.c: the TensorFlow.js weights manifest: reads each group's shards (binary, or base64
 * inside a JavaScript module), and decodes every weight to float32 exactly as TensorFlow.js's
 * io.decodeWeights does: uint8/uint16 as value * scale + min in double precision, rounded to
 * float; float16 widened; float32 as stored (little-endian). */
#include "model.h"
#include "uni.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* One shard's bytes. */
static unsigned char *shard_read(const char *path, size_t *len)
{
	size_t n;
	char *text = read_file(path, &n);
	if (!ends_with(path, ".js")) {
		*len = n;
		return (unsigned char *)text;
	}
	const char *lit = js_module_literal(text, n, path);
	struct json *s = json_parse(lit, n - (size_t)(lit - text), true, path);
	if (s->type != JSON_STRING)
		uni_die("%s: the module exports %s, not the base64 string of a weights shard (fix: "
			"give the module that exports the shard, e.g. group1-shard1of1.min.js)", path,
			json_type_name(s->type));
	return base64_decode(s->string, strlen(s->string), len, path);
}

static float half_to_float(uint16_t h)
{
	int sign = h >> 15, exp = h >> 10 & 0x1f, man = h & 0x3ff;
	double v;
	if (exp == 0)
		v = ldexp(man, -24);
	else if (exp == 31)
		v = man ? NAN : INFINITY;
	else
		v = ldexp(man + 1024, exp - 25);
	return (float)(sign ? -v : v);
}

/* Decodes one weight from p (which must hold its bytes); returns the bytes it took. */
static size_t decode(struct weight *w, const struct json *spec, const unsigned char *p, size_t avail,
		     const char *what)
{
	const char *dtype = json_str(spec, "dtype", "float32", what);
	const struct json *q = json_get(spec, "quantization");
	if (strcmp(dtype, "float32") != 0)
		uni_die("%s: weight dtype '%s' is not supported, layers models keep float32 "
			"weights (fix: save the weights as float32, or quantized)", what, dtype);
	w->stored = q ? json_str(q, "dtype", NULL, what) : "float32";
	if (!w->stored)
		uni_die("%s: its quantization has no dtype (fix: give the model.json and weight "
			"shards as TensorFlow.js saved them)", what);
	size_t esize = strcmp(w->stored, "uint8") == 0 ? 1
		: strcmp(w->stored, "uint16") == 0 || strcmp(w->stored, "float16") == 0 ? 2
		: strcmp(w->stored, "float32") == 0 ? 4 : 0;
	if (!esize)
		uni_die("%s: quantization dtype '%s' is not supported (fix: quantize to uint8, "
			"uint16 or float16, or not at all)", what, w->stored);
	if (w->count > avail / esize)
		uni_die("%s: the shards end before this weight, %zu bytes left, %zu needed (fix: "
			"give all shards, in manifest order)",
			what, avail, w->count * esize);
	w->values = uni_xmalloc(w->count * sizeof(float));
	double scale = 1, min = 0;
	if (esize != 4 && strcmp(w->stored, "float16") != 0) {
		if (!json_get(q, "scale") || !json_get(q, "min"))
			uni_die("%s: %s quantization without 'scale' and 'min' (fix: give the "
				"model.json and weight shards as TensorFlow.js saved them)", what, w->stored);
		scale = json_num(q, "scale", 1, what);
		min = json_num(q, "min", 0, what);
	}
	for (size_t i = 0; i < w->count; i++) {
		switch (esize) {
		case 1:
			w->values[i] = (float)(p[i] * scale + min);
			break;
		case 2: {
			uint16_t v = (uint16_t)(p[2 * i] | p[2 * i + 1] << 8);
			w->values[i] = w->stored[0] == 'f' ? half_to_float(v) : (float)(v * scale + min);
			break;
		}
		default: {
			uint32_t v = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 | (uint32_t)p[4 * i + 2] << 16 |
				     (uint32_t)p[4 * i + 3] << 24;
			memcpy(&w->values[i], &v, 4);
		}
		}
	}
	return w->count * esize;
}

static void load_group(struct weights *ws, const struct json *group, size_t gi, const char *model_dir,
		       char **files, size_t *next_file, size_t nfiles)
{
	const struct json *paths = json_get(group, "paths"), *specs = json_get(group, "weights");
	if (!paths || paths->type != JSON_ARRAY || !specs || specs->type != JSON_ARRAY)
		uni_die("model: weightsManifest[%zu] has no 'paths' and 'weights' arrays (fix: "
			"give the model.json and weight shards as TensorFlow.js saved them)", gi);
	size_t len = 0;
	unsigned char *buf = NULL;
	for (size_t i = 0; i < paths->n; i++) {
		if (paths->items[i]->type != JSON_STRING)
			uni_die("model: weightsManifest[%zu].paths[%zu] is not a string (fix: give "
				"the model.json and weight shards as TensorFlow.js saved them)", gi, i);
		const char *file;
		if (nfiles) {
			if (*next_file >= nfiles)
				uni_die("model: the manifest lists more shards than the %zu "
					"--weights files given, next: %s (fix: give one --weights "
					"FILE for each shard, in manifest order)",
					nfiles, paths->items[i]->string);
			file = files[(*next_file)++];
		} else {
			file = uni_strf("%s/%s", model_dir, paths->items[i]->string);
			if (access(file, R_OK) != 0)
				uni_die("reading: cannot read %s, shard %zu of "
					"weightsManifest[%zu]: %s (fix: if the shards live "
					"elsewhere or are wrapped in JavaScript modules, name them "
					"with --weights FILE, in manifest order)", file, i, gi, strerror(errno));
		}
		size_t n;
		unsigned char *part = shard_read(file, &n);
		unsigned char *all = uni_xmalloc(len + n);
		if (len)
			memcpy(all, buf, len);
		memcpy(all + len, part, n);
		free(buf);
		free(part);
		buf = all, len += n;
	}
	size_t off = 0;
	for (size_t i = 0; i < specs->n; i++) {
		const struct json *spec = specs->items[i];
		struct weight *w = &ws->w[ws->n++];
		memset(w, 0, sizeof *w);
		w->name = uni_xstrdup(json_str(spec, "name", "", "a weight"));
		const char *what = uni_strf("weight '%s' (weightsManifest[%zu].weights[%zu])", w->name, gi, i);
		const struct json *shape = json_get(spec, "shape");
		if (!shape || shape->type != JSON_ARRAY || shape->n > 8)
			uni_die("%s: 'shape' is missing or not an array of at most 8 sizes (fix: "
				"give the model.json and weight shards as TensorFlow.js saved them)", what);
		w->rank = (int)shape->n;
		w->count = 1;
		json_ints(spec, "shape", w->shape, shape->n, what);
		for (int d = 0; d < w->rank; d++) {
			if (w->shape[d] < 0)
				uni_die("%s: negative size in its shape (fix: give the model.json "
					"and weight shards as TensorFlow.js saved them)", what);
			w->count *= (size_t)w->shape[d];
		}
		off += decode(w, spec, buf + off, len - off, what);
	}
	if (off != len)
		uni_die("model: weightsManifest[%zu]: its shards hold %zu bytes but its weights "
			"take %zu: the shards do not belong to this model.json (fix: give the "
			"shards saved with it)", gi, len, off);
	ws->bytes += len;
	free(buf);
}

void weights_load(struct weights *ws, const struct json *manifest, const char *model_dir, char **files,
		  size_t nfiles)
{
	size_t total = 0, next_file = 0;
	if (!manifest || manifest->type != JSON_ARRAY)
		uni_die("model: no 'weightsManifest' array (fix: give a TensorFlow.js layers "
			"model.json)");
	for (size_t g = 0; g < manifest->n; g++) {
		const struct json *specs = json_get(manifest->items[g], "weights");
		total += specs && specs->type == JSON_ARRAY ? specs->n : 0;
	}
	ws->w = uni_xmalloc(total * sizeof *ws->w);
	ws->n = 0;
	ws->bytes = 0;
	for (size_t g = 0; g < manifest->n; g++)
		load_group(ws, manifest->items[g], g, model_dir, files, &next_file, nfiles);
	if (next_file < nfiles)
		uni_die("options: %zu --weights files given but the manifest lists %zu shards "
			"(fix: give one --weights FILE for each shard)", nfiles, next_file);
}

struct weight *weights_find(struct weights *ws, const char *layer, const char *name, int rank, bool required)
{
	char *full = uni_strf("%s/%s", layer, name), *suffix = uni_strf("/%s", full);
	struct weight *found = NULL;
	for (size_t i = 0; i < ws->n && !found; i++)
		if (strcmp(ws->w[i].name, full) == 0)
			found = &ws->w[i];
	/* Names may carry a scope before the layer's (model_1/Conv1/kernel). */
	for (size_t i = 0; i < ws->n && !found; i++)
		if (ends_with(ws->w[i].name, suffix))
			found = &ws->w[i];
	if (!found) {
		if (required)
			uni_die("layer '%s': the weights manifest has no '%s' (fix: give the "
				"model.json and weight shards as TensorFlow.js saved them)", layer, full);
		return NULL;
	}
	if (found->rank != rank)
		uni_die("layer '%s': weight '%s' has rank %d, expected %d (fix: give the "
			"model.json and weight shards as TensorFlow.js saved them)", layer, found->name, found->rank, rank);
	found->used = true;
	free(full);
	free(suffix);
	return found;
}
