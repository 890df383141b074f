/* classify.c: content type, multipart, decoding, resizing, inference and ranking for one request. */
#include "classify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mediatype.h"
#include "metrics.h"
#include "multipart.h"
#include "resize.h"

static const char *const raw_types[] = { "image/jpeg", "image/png", "image/webp", "application/octet-stream" };

static int is_multipart(const char *type)
{
	return !strcmp(type, "multipart/form-data");
}

int classify_check_type(const char *content_type, struct api_error *e)
{
	char type[64], boundary[128];
	media_type(content_type ? content_type : "", type, sizeof type);
	for (size_t i = 0; i < sizeof raw_types / sizeof *raw_types; i++)
		if (!strcmp(type, raw_types[i])) return 0;
	if (is_multipart(type))
		return media_param(content_type, "boundary", boundary, sizeof boundary)
			       ? api_fail(e, 400, "malformed multipart Content-Type: no usable boundary parameter (1 to 70 characters)")
			       : 0;
	return api_fail(e, 415, "unsupported Content-Type '%s': send image/jpeg, image/png, image/webp, "
				"application/octet-stream or multipart/form-data", content_type ? content_type : "(none)");
}

/* The file inside BODY: BODY itself, or the first file part of a multipart body. */
static int find_image(const char *content_type, const unsigned char **body, size_t *len, struct api_error *e)
{
	char type[64], boundary[128];
	media_type(content_type, type, sizeof type);
	if (!is_multipart(type)) return 0;
	media_param(content_type, "boundary", boundary, sizeof boundary);
	if (multipart_first_file(boundary, *body, *len, body, len, e)) return -1;
	return *len ? 0 : api_fail(e, 400, "the file part of the multipart body is empty");
}

static int by_score(const void *a, const void *b)
{
	const struct prediction *x = a, *y = b;
	if (x->score != y->score) return x->score < y->score ? 1 : -1;
	return x->label - y->label;
}

/* Decodes, resizes and runs WORKER on the image in BODY; fills OUT's image fields, scores and top. */
static int run(struct model *m, void *worker, const unsigned char *body, size_t len, size_t max_pixels,
	       struct classification *out, struct api_error *e)
{
	struct image img;
	if (image_decode(body, len, max_pixels, &img, e)) {
		metrics_count_decode_error();
		return -1;
	}
	out->format = image_sniff(body, len);
	out->width = img.width, out->height = img.height;
	float *input = malloc(sizeof(float) * m->width * m->height * 3);
	float *scores = malloc(sizeof(float) * m->classes);
	out->top = malloc(sizeof(struct prediction) * m->classes);
	int rc = 0;
	if (input && scores && out->top) {
		char why[200];
		resize_to_input(&img, m->width, m->height, input);
		if (model_predict(m, worker, input, scores, &out->inference_seconds, why, sizeof why)) {
			fprintf(stderr, "classify: inference: %s\n", why);
			rc = api_fail(e, 500, "the %s engine failed on this image: %s", m->engine->name, why);
		} else {
			metrics_observe_inference(out->inference_seconds);
			for (int i = 0; i < m->classes; i++) out->top[i] = (struct prediction){ .label = i, .score = scores[i] };
		}
	} else {
		rc = api_fail(e, 503, "out of memory");
	}
	free(input), free(scores), image_free(&img);
	return rc;
}

int classify_body(struct model *m, const char *content_type, const unsigned char *body, size_t len, size_t max_pixels,
		  int top_k, struct classification *out, struct api_error *e)
{
	*out = (struct classification){ .format = IMAGE_UNKNOWN };
	if (classify_check_type(content_type, e)) return -1;
	if (!len) return api_fail(e, 400, "the request body is empty: send the image's bytes");
	if (find_image(content_type, &body, &len, e)) return -1;
	/* Decoding waits for a worker too: at most one decoded image per worker is in memory. */
	void *worker = model_acquire(m);
	int rc = run(m, worker, body, len, max_pixels, out, e);
	model_release(m, worker);
	if (rc) {
		classification_free(out);
		return -1;
	}
	qsort(out->top, m->classes, sizeof *out->top, by_score);
	out->count = top_k < m->classes ? top_k : m->classes;
	return 0;
}

void classification_free(struct classification *c)
{
	free(c->top);
	c->top = NULL;
}
