/* api.c: builds each endpoint's JSON (cJSON) or text answer. Scores are rounded to 6 decimals
 * and milliseconds to 3, so that answers print the same on every platform. */
#include "api.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "classify.h"
#include "metrics.h"

static const char json_type[] = "application/json";

/* Prints and frees J into R with STATUS; falls back to a fixed 503 body when out of memory. */
static void json_reply(struct reply *r, int status, cJSON *j)
{
	char *text = j ? cJSON_PrintUnformatted(j) : NULL;
	cJSON_Delete(j);
	if (!text) {
		static const char oom[] = "{\"error\":\"out of memory\",\"status\":503}";
		r->status = 503, r->content_type = json_type, r->body = strdup(oom), r->len = r->body ? strlen(oom) : 0;
		return;
	}
	r->status = status, r->content_type = json_type, r->body = text, r->len = strlen(text);
}

/* V rounded to 1/SCALE (a power of ten), the closest double to a short decimal. */
static double rounded(double v, double scale)
{
	return round(v * scale) / scale;
}

void api_error(struct reply *r, int status, const char *message)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "error", message);
	cJSON_AddNumberToObject(j, "status", status);
	json_reply(r, status, j);
}

void api_healthz(struct reply *r)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "status", "ok");
	json_reply(r, 200, j);
}

void api_models(const struct model *m, const struct config *cfg, struct reply *r)
{
	cJSON *j = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(j, "models"), *one = cJSON_CreateObject();
	cJSON_AddItemToArray(list, one);
	cJSON_AddStringToObject(one, "name", m->name);
	cJSON *input = cJSON_AddObjectToObject(one, "input");
	cJSON_AddNumberToObject(input, "width", m->width);
	cJSON_AddNumberToObject(input, "height", m->height);
	cJSON_AddNumberToObject(input, "channels", 3);
	cJSON_AddItemToObject(one, "labels", cJSON_CreateStringArray((const char *const *)m->labels, m->classes));
	cJSON_AddNumberToObject(one, "workers", m->copies);
	cJSON_AddStringToObject(one, "engine", m->engine->name);
	cJSON_AddNumberToObject(one, "top_k", cfg->top_k < m->classes ? cfg->top_k : m->classes);
	json_reply(r, 200, j);
}

void api_metrics(struct reply *r)
{
	r->body = metrics_render(&r->len);
	if (!r->body) {
		api_error(r, 503, "out of memory");
		return;
	}
	r->status = 200, r->content_type = "text/plain; version=0.0.4";
}

/* TEXT as a top-k in 1..CLASSES; the default when TEXT is NULL; -1 when invalid. */
static int parse_top_k(const char *text, int fallback, int classes)
{
	if (!text) return fallback < classes ? fallback : classes;
	char *end;
	long k = strtol(text, &end, 10);
	return *text && !*end && k >= 1 && k <= classes ? (int)k : -1;
}

void api_classify(struct model *m, const struct config *cfg, const char *content_type, const unsigned char *body,
		  size_t len, const char *top_k, struct reply *r)
{
	int k = parse_top_k(top_k, cfg->top_k, m->classes);
	if (k < 0) {
		char why[96];
		snprintf(why, sizeof why, "top_k must be a whole number from 1 to %d", m->classes);
		api_error(r, 400, why);
		return;
	}
	struct classification c;
	struct api_error e;
	if (classify_body(m, content_type, body, len, cfg->max_pixels, k, &c, &e)) {
		api_error(r, e.status, e.message);
		return;
	}
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "model", m->name);
	cJSON *image = cJSON_AddObjectToObject(j, "image");
	cJSON_AddStringToObject(image, "format", image_format_name(c.format));
	cJSON_AddNumberToObject(image, "width", c.width);
	cJSON_AddNumberToObject(image, "height", c.height);
	cJSON *list = cJSON_AddArrayToObject(j, "predictions");
	for (int i = 0; i < c.count; i++) {
		cJSON *p = cJSON_CreateObject();
		cJSON_AddStringToObject(p, "label", m->labels[c.top[i].label]);
		cJSON_AddNumberToObject(p, "score", rounded(c.top[i].score, 1e6));
		cJSON_AddItemToArray(list, p);
	}
	cJSON_AddNumberToObject(j, "inference_ms", rounded(c.inference_seconds * 1000, 1e3));
	classification_free(&c);
	json_reply(r, 200, j);
}
