/* http.c: libmicrohttpd glue. An upload's type and declared length are checked when its headers
 * arrive (415, 413 before the body is read); its body is collected up to the size limit; the
 * route, method and endpoint are answered when the request is complete (api.c builds the
 * answers). Every answer goes through reply(), which counts and logs it. */
#include "http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "api.h"
#include "classify.h"
#include "metrics.h"

#define THREAD_STACK (512 * 1024) /* decoders and darknet run on the connection's thread */
#define FIRST_BUFFER (64 * 1024)  /* a body's first buffer, doubled as data arrives (not from Content-Length) */

enum endpoint { HEALTHZ, MODELS, METRICS, CLASSIFY };

static const struct route {
	const char *path;
	const char *method; /* GET routes answer HEAD too */
	const char *allow;  /* the Allow header of a 405 */
	enum endpoint endpoint;
} routes[] = {
	{ "/healthz", "GET", "GET, HEAD", HEALTHZ },
	{ "/v1/models", "GET", "GET, HEAD", MODELS },
	{ "/metrics", "GET", "GET, HEAD", METRICS },
	{ "/v1/classify", "POST", "POST", CLASSIFY },
};

struct server {
	struct MHD_Daemon *daemon;
	const struct config *cfg;
	struct model *model;
};

struct request {
	const struct route *route;
	double start;
	unsigned char *body;
	size_t len, cap;
	int uploading; /* a POST to /v1/classify whose body is being collected */
	int too_large; /* the body passed the limit: the rest is discarded, the answer is 413 */
	int no_memory; /* the body could not be stored: the rest is discarded, the answer is 503 */
	int answered;  /* a response is queued; anything more the client sends is discarded */
};

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Queues R's answer on C, frees R's body, counts and logs it. */
static enum MHD_Result reply(struct server *s, struct MHD_Connection *c, struct request *req, const char *method,
			     const char *url, struct reply *r)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(r->body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	if (r->status == 405) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, req->route->allow);
	enum MHD_Result ok = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	req->answered = 1;
	metrics_count_response(r->status);
	if (!s->cfg->quiet)
		fprintf(stderr, "%s %s %d %zu %.1fms\n", method, url, r->status, r->len, (now() - req->start) * 1000);
	return ok;
}

static enum MHD_Result reply_error(struct server *s, struct MHD_Connection *c, struct request *req, const char *method,
				   const char *url, int status, const char *message)
{
	struct reply r;
	api_error(&r, status, message);
	return reply(s, c, req, method, url, &r);
}

/* The headers have arrived: routes the request; answers only an upload that will be refused
 * (415, 413), so that its body is not read. Answering before the body ends the connection after
 * the answer; every other answer waits for the end of the request, keeping the connection. */
static enum MHD_Result on_headers(struct server *s, struct MHD_Connection *c, struct request *req, const char *method,
				  const char *url)
{
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
		if (!strcmp(url, routes[i].path)) req->route = &routes[i];
	if (!req->route || req->route->endpoint != CLASSIFY || strcmp(method, "POST")) return MHD_YES;
	struct api_error e;
	if (classify_check_type(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE), &e))
		return reply_error(s, c, req, method, url, e.status, e.message);
	const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	unsigned long long declared = length ? strtoull(length, NULL, 10) : 0;
	if (declared > s->cfg->max_body) {
		char why[128];
		snprintf(why, sizeof why, "the body has %llu bytes, more than the limit of %zu", declared, s->cfg->max_body);
		return reply_error(s, c, req, method, url, 413, why);
	}
	req->uploading = 1;
	return MHD_YES;
}

/* The whole request has arrived: answers it. */
static enum MHD_Result on_complete(struct server *s, struct MHD_Connection *c, struct request *req, const char *method,
				   const char *url)
{
	const struct route *route = req->route;
	if (!route) return reply_error(s, c, req, method, url, 404, "no such endpoint: try POST /v1/classify, GET /v1/models, /healthz, /metrics");
	if (strcmp(method, route->method) && !(!strcmp(route->method, "GET") && !strcmp(method, "HEAD"))) {
		char why[96];
		snprintf(why, sizeof why, "method %s is not allowed here; allowed: %s", method, route->allow);
		return reply_error(s, c, req, method, url, 405, why);
	}
	if (req->too_large) {
		char why[96];
		snprintf(why, sizeof why, "the body is larger than the limit of %zu bytes", s->cfg->max_body);
		return reply_error(s, c, req, method, url, 413, why);
	}
	if (req->no_memory) return reply_error(s, c, req, method, url, 503, "out of memory for the request body");
	struct reply r;
	switch (route->endpoint) {
	case HEALTHZ: api_healthz(&r); break;
	case MODELS: api_models(s->model, s->cfg, &r); break;
	case METRICS: api_metrics(&r); break;
	case CLASSIFY:
		api_classify(s->model, s->cfg, MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
			     req->body, req->len, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "top_k"), &r);
		break;
	}
	return reply(s, c, req, method, url, &r);
}

/* Appends N bytes of body, or marks the request too large or out of memory. */
static void take(struct server *s, struct request *req, const char *data, size_t n)
{
	if (req->too_large || req->no_memory) return;
	if (n > s->cfg->max_body - req->len) {
		req->too_large = 1;
		free(req->body);
		req->body = NULL;
		return;
	}
	if (!req->body || req->len + n > req->cap) {
		size_t cap = req->cap ? 2 * req->cap : FIRST_BUFFER;
		while (cap < req->len + n) cap *= 2;
		if (cap > s->cfg->max_body) cap = s->cfg->max_body;
		unsigned char *grown = realloc(req->body, cap);
		if (!grown) {
			req->no_memory = 1;
			return;
		}
		req->body = grown, req->cap = cap;
	}
	memcpy(req->body + req->len, data, n);
	req->len += n;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *data, size_t *size, void **state)
{
	struct server *s = cls;
	struct request *req = *state;
	(void)version;
	if (!req) {
		if (!(req = calloc(1, sizeof *req))) return MHD_NO;
		req->start = now();
		*state = req;
		return on_headers(s, c, req, method, url);
	}
	if (*size) { /* a piece of the body: kept for an upload, else dropped */
		if (req->uploading && !req->answered) take(s, req, data, *size);
		*size = 0;
		return MHD_YES;
	}
	return req->answered ? MHD_YES : on_complete(s, c, req, method, url);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode why)
{
	struct request *req = *state;
	(void)cls, (void)c, (void)why;
	if (req) free(req->body);
	free(req);
	*state = NULL;
}

static void on_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fprintf(stderr, "classify: libmicrohttpd: ");
	vfprintf(stderr, fmt, ap);
}

struct server *http_start(const struct config *cfg, struct model *m, char *err, size_t errlen)
{
	struct server *s = calloc(1, sizeof *s);
	if (!s) return snprintf(err, errlen, "out of memory"), NULL;
	s->cfg = cfg, s->model = m;
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
	s->daemon = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, on_request, s,
				     MHD_OPTION_EXTERNAL_LOGGER, on_log, NULL, /* first, or MHD logs the rest itself */
				     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout,
				     MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
				     MHD_OPTION_THREAD_STACK_SIZE, (size_t)THREAD_STACK,
				     MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
				     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
				     MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(err, errlen, "cannot listen on port %d (in use, or not allowed?)", cfg->port);
		free(s);
		return NULL;
	}
	return s;
}

int http_port(struct server *s)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	return info ? info->port : s->cfg->port;
}

void http_stop(struct server *s)
{
	MHD_stop_daemon(s->daemon);
	free(s);
}
