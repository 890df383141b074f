/* weights.h: checks a darknet weights file against a parsed network before darknet reads it
 * (darknet's load_weights does not notice a short or oversized file, it computes with garbage). */
#ifndef CLASSIFY_WEIGHTS_H
#define CLASSIFY_WEIGHTS_H

#include <stddef.h>

#include <darknet.h>

/* 0 when PATH has exactly the size NET needs (header + every layer's parameters, in darknet's
 * order of reading); else -1 with the reason in ERR. */
int weights_check(network *net, const char *path, char *err, size_t errlen);

#endif
