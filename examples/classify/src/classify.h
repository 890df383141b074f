/* classify.h: one classification request, from the body's bytes to the top-k labels. */
#ifndef CLASSIFY_CLASSIFY_H
#define CLASSIFY_CLASSIFY_H

#include <stddef.h>

#include "error.h"
#include "image.h"
#include "model.h"

struct prediction {
	int label;   /* index into model->labels */
	float score; /* the network's output for it */
};

struct classification {
	enum image_format format;
	int width, height;         /* of the decoded image */
	int count;                 /* entries in top */
	struct prediction *top;    /* best first; malloc'd, free with classification_free */
	double inference_seconds;  /* in the network, not waiting for it */
};

/* 0 if a body with Content-Type CONTENT_TYPE (may be NULL) can be classified; else -1 with E set:
 * 415 for other types, 400 for multipart/form-data without a usable boundary. Meant for the
 * moment the headers arrive, before the body is read. */
int classify_check_type(const char *content_type, struct api_error *e);

/* Classifies BODY: a JPEG, PNG or WebP image, raw or as the first file of a multipart/form-data
 * body, refused above MAX_PIXELS pixels; TOP_K (1..classes) predictions. 0, or -1 with E set. */
int classify_body(struct model *m, const char *content_type, const unsigned char *body, size_t len, size_t max_pixels,
		  int top_k, struct classification *out, struct api_error *e);

void classification_free(struct classification *c);

#endif
