/* api.h: the answers of the HTTP API's endpoints, independent of the HTTP library. */
#ifndef CLASSIFY_API_H
#define CLASSIFY_API_H

#include <stddef.h>

#include "config.h"
#include "model.h"

struct reply {
	int status;
	const char *content_type;
	char *body; /* malloc'd */
	size_t len;
};

/* {"error": MESSAGE, "status": STATUS} */
void api_error(struct reply *r, int status, const char *message);
/* GET /healthz: {"status":"ok"} */
void api_healthz(struct reply *r);
/* GET /v1/models: the model's name, input size, labels, workers and default top_k. */
void api_models(const struct model *m, const struct config *cfg, struct reply *r);
/* GET /metrics: Prometheus text. */
void api_metrics(struct reply *r);
/* POST /v1/classify: BODY as sent with CONTENT_TYPE; TOP_K the query's top_k or NULL.
 * {"model":..., "image":{"format","width","height"}, "predictions":[{"label","score"}...], "inference_ms":...} */
void api_classify(struct model *m, const struct config *cfg, const char *content_type, const unsigned char *body,
		  size_t len, const char *top_k, struct reply *r);

#endif
