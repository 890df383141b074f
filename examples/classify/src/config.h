/* config.h: the server's settings, from command-line flags, CLASSIFY_* environment variables and defaults. */
#ifndef CLASSIFY_CONFIG_H
#define CLASSIFY_CONFIG_H

#include <stddef.h>

struct config {
	int port;               /* TCP port to listen on (all addresses); 0: any free port */
	const char *model_dir;  /* holds labels.txt and model.cfg + model.weights or model.onnx */
	const char *engine;     /* "darknet", "onnx", or NULL: chosen by model_dir's files */
	int top_k;              /* predictions per answer unless ?top_k= says otherwise */
	int workers;            /* inferences that can run at once (darknet: a network each) */
	size_t max_body;        /* largest request body accepted, in bytes */
	size_t max_pixels;      /* largest decoded image accepted, width * height */
	int timeout;            /* seconds a connection may stay idle before it is closed */
	int max_connections;    /* connections served at once (one thread each) */
	int quiet;              /* 1: no access log line per request */
};

/* Fills CFG from argv, then the environment, then defaults. Returns 0 to run, 1 after printing
 * --help, -1 after printing why the arguments are invalid (to stderr). */
int config_parse(struct config *cfg, int argc, char **argv);

#endif
