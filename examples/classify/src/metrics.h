/* metrics.h: the server's counters, rendered in Prometheus' text format for GET /metrics. Thread-safe. */
#ifndef CLASSIFY_METRICS_H
#define CLASSIFY_METRICS_H

#include <stddef.h>

void metrics_count_response(int status);      /* one answer sent with STATUS (100..599) */
void metrics_observe_inference(double seconds); /* one forward pass */
void metrics_count_decode_error(void);          /* a body that did not decode to an image */

/* The exposition text (malloc'd, *LEN bytes), or NULL when out of memory. */
char *metrics_render(size_t *len);

#endif
