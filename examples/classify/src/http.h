/* http.h: the HTTP server (libmicrohttpd, one thread per connection): routes, request bodies and
 * their limits, answers, the access log. */
#ifndef CLASSIFY_HTTP_H
#define CLASSIFY_HTTP_H

#include <stddef.h>

#include "config.h"
#include "model.h"

struct server;

/* Listens on CFG->port on every IPv4 address and serves M until http_stop. NULL with the reason
 * in ERR when it cannot start. CFG and M must outlive the server. */
struct server *http_start(const struct config *cfg, struct model *m, char *err, size_t errlen);

/* The port the server listens on (the one the system chose when CFG->port is 0). */
int http_port(struct server *s);

/* Stops listening, waits for the connections' threads, frees the server. */
void http_stop(struct server *s);

#endif
