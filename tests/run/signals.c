/* signals.c: a guest for signals.test. Modes: "handle" installs handlers for SIGINT, SIGTERM and
 * SIGHUP, says "ready", waits (pause, or spinning with "spin") and exits 40+N from the handler;
 * "default" says "ready" and waits without handlers (the default action ends it); "ignore"
 * counts SIGINTs without ending, so only uni-run's second-^C rule can end it; "sigwait" blocks
 * the three without handlers and takes one with sigwait, exiting 60+N. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_sig(int sig)
{
	got = sig;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "handle";
	int spin = argc > 2 && strcmp(argv[2], "spin") == 0;
	if (strcmp(mode, "sigwait") == 0) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		sigaddset(&set, SIGTERM);
		sigaddset(&set, SIGHUP);
		sigprocmask(SIG_BLOCK, &set, NULL);
		printf("ready\n");
		fflush(stdout);
		int sig = 0;
		sigwait(&set, &sig);
		printf("waited %d\n", sig);
		return 60 + sig;
	}
	if (strcmp(mode, "default") != 0) {
		struct sigaction sa = { .sa_handler = on_sig };
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		if (spin)
			while (!got)
				;
		else
			pause();
		if (got && strcmp(mode, "ignore") == 0) {
			printf("ignored %d\n", (int)got);
			fflush(stdout);
			got = 0;
			continue;
		}
		if (got) {
			printf("handled %d\n", (int)got);
			return 40 + got;
		}
	}
}
