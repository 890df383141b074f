/* native.c: run a linux-platform build (a static Linux executable) as uni-run would boot it. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Same argv and environment as the guest would get: argv[0] is the image's basename and the
 * environment holds only the -e variables, as in a container. A program thus sees the same
 * world on both platforms. It stays in our process group and keeps our stdin, so the terminal
 * treats it as it would any program; unlike a plain exec, uni-run stays to apply --timeout and
 * to turn a death by signal into 128+N, as docker does.
 */
int native_run(const struct run_opts *o, const struct image *im)
{
	struct strv argv = { 0 };
	strv_push(&argv, uni_basename(im->path));
	for (int i = 0; i < o->nargs; i++)
		strv_push(&argv, o->args[i]);
	char *no_env[] = { NULL };
	if (o->verbose)
		fprintf(stderr, "uni-run: %s is a static Linux executable: running it directly\n",
			im->path);

	struct watch w;
	watch_start(&w, o->timeout);
	int report[2];
	if (pipe2(report, O_CLOEXEC) < 0)
		run_fail("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		run_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		watch_child(&w);
		execve(im->path, argv.v, o->env.v ? o->env.v : no_env);
		int e = errno;
		if (write(report[1], &e, sizeof e) < 0)
			_exit(127);
		_exit(127);
	}
	close(report[1]);
	int e;
	ssize_t n;
	while ((n = read(report[0], &e, sizeof e)) < 0 && errno == EINTR)
		;
	if (n == sizeof e) {
		waitpid(pid, NULL, 0);
		run_fail("cannot execute %s: %s", im->path, strerror(e));
	}

	int status, timed_out = 0;
	for (;;) {
		struct pollfd p = { w.fd, POLLIN, 0 };
		poll(&p, 1, watch_poll_ms(&w));
		if (watch_expired(&w, pid, o->image))
			timed_out = 1;
		struct signalfd_siginfo si;
		while (watch_signal(&w, &si)) {
			int sig = (int)si.ssi_signo;
			/* ^C and friends from the terminal already reached the program (same process
			 * group); pass on only what was sent to uni-run alone. */
			if (sig != SIGCHLD && si.ssi_code == SI_USER)
				kill(pid, sig);
			/* Stopped with it, or the shell would wait for a job that never stops. */
			if (sig == SIGTSTP) {
				raise(SIGSTOP);
				kill(pid, SIGCONT);
			}
		}
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
	}
	if (timed_out)
		return RUN_EXIT_TIMEOUT;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
