/* config.c: one table of settings; each is read from --NAME=VALUE or --NAME VALUE, else from its
 * environment variable, else its default; values are checked against the table's range. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum kind { NUMBER, SIZE, TEXT, FLAG };

struct setting {
	const char *name; /* --name */
	const char *env;  /* environment variable */
	enum kind kind;
	size_t offset;    /* in struct config */
	long long min, max;
	const char *help;
};

#define AT(field) offsetof(struct config, field)

static const struct setting settings[] = {
	{ "port", "CLASSIFY_PORT", NUMBER, AT(port), 0, 65535, "TCP port to listen on; 0: any free one (default 8080)" },
	{ "model-dir", "CLASSIFY_MODEL_DIR", TEXT, AT(model_dir), 0, 0,
	  "folder with labels.txt and model.cfg + model.weights (darknet)\n\t\t\tor model.onnx (onnx) "
	  "(default /usr/share/uni/models/nsfw-mobilenetv2)" },
	{ "engine", "CLASSIFY_ENGINE", TEXT, AT(engine), 0, 0,
	  "darknet or onnx (default: by the model folder's files,\n\t\t\tdarknet's when it holds both)" },
	{ "top-k", "CLASSIFY_TOP_K", NUMBER, AT(top_k), 1, 1000, "predictions per answer (default 5)" },
	{ "workers", "CLASSIFY_WORKERS", NUMBER, AT(workers), 1, 64,
	  "inferences at once (default: CPUs, at most 2)" },
	{ "max-body", "CLASSIFY_MAX_BODY", SIZE, AT(max_body), 1, 1LL << 31,
	  "largest request body, bytes; K, M suffixes (default 10M)" },
	{ "max-pixels", "CLASSIFY_MAX_PIXELS", SIZE, AT(max_pixels), 1, 1LL << 30,
	  "largest image, width*height; K, M suffixes (default 16M)" },
	{ "timeout", "CLASSIFY_TIMEOUT", NUMBER, AT(timeout), 1, 3600,
	  "seconds before an idle connection is closed (default 10)" },
	{ "max-connections", "CLASSIFY_MAX_CONNECTIONS", NUMBER, AT(max_connections), 1, 10000,
	  "connections at once, one thread each (default 64)" },
	{ "quiet", "CLASSIFY_QUIET", FLAG, AT(quiet), 0, 1, "no access log line per request" },
};
#define NSETTINGS (sizeof settings / sizeof settings[0])

static void defaults(struct config *cfg)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	*cfg = (struct config){
		.port = 8080,
		.model_dir = "/usr/share/uni/models/nsfw-mobilenetv2",
		.top_k = 5,
		.workers = cpus >= 2 ? 2 : 1,
		.max_body = 10 << 20,
		.max_pixels = 16 << 20,
		.timeout = 10,
		.max_connections = 64,
	};
}

static void usage(FILE *to)
{
	fprintf(to, "usage: classify [--NAME=VALUE]...\n"
		    "An HTTP API that classifies images with a darknet or ONNX network.\n\n");
	for (size_t i = 0; i < NSETTINGS; i++)
		fprintf(to, "  --%-16s %-25s %s\n", settings[i].name, settings[i].env, settings[i].help);
	fprintf(to, "  --help\n\nA flag wins over its environment variable, which wins over the default.\n");
}

/* Parses TEXT as the setting S; returns 0 or -1 after printing why (FROM names where it came from). */
static int set(struct config *cfg, const struct setting *s, const char *text, const char *from)
{
	char *field = (char *)cfg + s->offset;
	if (s->kind == TEXT) {
		if (!*text) goto bad;
		*(const char **)field = text;
		return 0;
	}
	errno = 0;
	char *end;
	long long v = strtoll(text, &end, 10);
	if (end == text || errno) goto bad;
	if (s->kind == SIZE && *end && !end[1] && strchr("kKmM", *end))
		v *= (*end == 'k' || *end == 'K') ? 1024 : 1024 * 1024, end++;
	if (*end || v < s->min || v > s->max) goto bad;
	if (s->kind == SIZE)
		*(size_t *)field = (size_t)v;
	else
		*(int *)field = (int)v;
	return 0;
bad:
	fprintf(stderr, "classify: %s: invalid value '%s' for %s (%s)\n", from, text, s->name, s->help);
	return -1;
}

static const struct setting *find(const char *name, size_t len)
{
	for (size_t i = 0; i < NSETTINGS; i++)
		if (strlen(settings[i].name) == len && !strncmp(settings[i].name, name, len)) return &settings[i];
	return NULL;
}

int config_parse(struct config *cfg, int argc, char **argv)
{
	defaults(cfg);
	for (size_t i = 0; i < NSETTINGS; i++) {
		const char *v = getenv(settings[i].env);
		if (v && *v && set(cfg, &settings[i], v, settings[i].env)) return -1;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 1;
		}
		const char *eq = strchr(a, '=');
		const struct setting *s = strncmp(a, "--", 2) ? NULL : find(a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
		if (!s) {
			fprintf(stderr, "classify: unknown argument '%s'\n", a);
			usage(stderr);
			return -1;
		}
		const char *v = eq ? eq + 1 : s->kind == FLAG ? "1" : i + 1 < argc ? argv[++i] : NULL;
		if (!v) {
			fprintf(stderr, "classify: --%s needs a value\n", s->name);
			return -1;
		}
		if (set(cfg, s, v, "command line")) return -1;
	}
	return 0;
}
