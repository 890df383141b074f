/* main.c: the classify server: reads its settings, loads the model, serves HTTP until SIGINT or
 * SIGTERM, then stops cleanly. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "http.h"
#include "model.h"

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	stopping = sig;
}

int main(int argc, char **argv)
{
	struct config cfg;
	int rc = config_parse(&cfg, argc, argv);
	if (rc) return rc > 0 ? 0 : 2;

	/* Block the stop signals before any thread starts, so that only sigsuspend below takes them. */
	sigset_t stop, old;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old);
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	char err[512];
	struct model model;
	if (model_load(&model, cfg.model_dir, cfg.engine, cfg.workers, err, sizeof err)) {
		fprintf(stderr, "classify: cannot load the model from %s: %s\n", cfg.model_dir, err);
		model_free(&model);
		return 1;
	}
	struct server *server = http_start(&cfg, &model, err, sizeof err);
	if (!server) {
		fprintf(stderr, "classify: %s\n", err);
		model_free(&model);
		return 1;
	}
	fprintf(stderr, "classify: listening on port %d: model %s (%dx%d, %d classes), engine %s (%s), %d workers, max body %zu bytes, "
			"max %zu pixels\n", http_port(server), model.name, model.width, model.height, model.classes, model.engine->name,
		model.chosen_by, model.copies, cfg.max_body, cfg.max_pixels);
	while (!stopping) sigsuspend(&old);
	fprintf(stderr, "classify: %s: stopping\n", stopping == SIGINT ? "SIGINT" : "SIGTERM");
	http_stop(server);
	model_free(&model);
	return 0;
}
