/* watch.c: what both ways of running share: signals read from a descriptor, and the deadline. */
#include "run.h"

#include <signal.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

static const int watched[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGTSTP };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void watch_start(struct watch *w, double timeout)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof watched / sizeof *watched; i++)
		sigaddset(&set, watched[i]);
	/* Blocked and read through signalfd, so the poll loop handles them between reads. */
	sigprocmask(SIG_BLOCK, &set, &w->old_mask);
	w->fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (w->fd < 0)
		run_fail("signalfd failed");
	/* A reader that went away (QEMU's stdin pipe, a closed stdout) is an EPIPE, not a death. */
	signal(SIGPIPE, SIG_IGN);
	w->deadline = timeout > 0 ? now() + timeout : -1;
	w->last_int = -1;
	w->timeout = timeout;
}

void watch_child(const struct watch *w)
{
	signal(SIGPIPE, SIG_DFL);
	sigprocmask(SIG_SETMASK, &w->old_mask, NULL);
}

int watch_poll_ms(const struct watch *w)
{
	if (w->deadline < 0)
		return -1;
	double left = w->deadline - now();
	/* Wake at least daily so that a huge --timeout cannot overflow an int of milliseconds. */
	return left <= 0 ? 0 : left > 86400 ? 86400 * 1000 : (int)(left * 1000) + 1;
}

int watch_expired(struct watch *w, pid_t pid, const char *image)
{
	if (w->deadline < 0 || now() < w->deadline)
		return 0;
	kill(pid, SIGKILL);
	w->deadline = -1;
	fprintf(stderr, "uni-run: %s timed out after %g s\n", image, w->timeout);
	return 1;
}

int watch_signal(const struct watch *w, struct signalfd_siginfo *si)
{
	return read(w->fd, si, sizeof *si) == sizeof *si;
}

int watch_second_int(struct watch *w, int sig)
{
	if (sig != SIGINT)
		return 0;
	double t = now(), last = w->last_int;
	w->last_int = t;
	return last >= 0 && t - last < WATCH_SECOND_INT_S;
}
