/* native.c: run an image as a host process, as uni-run would boot it: a linux-platform build (a
 * static Linux executable), or a uni image on the process platform (process.c says how). */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Copies what the child wrote to the stderr pipe through errlines (backtraces symbolized);
 * returns 0 once the pipe is at its end. */
static int relay_stderr(int fd, struct errlines *e)
{
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof buf);
	if (n > 0) {
		errlines_feed(e, buf, (size_t)n);
		return 1;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	errlines_flush(e);
	return 0;
}

/*
 * The child gets argv and envp as given (for a linux-platform build: argv[0] the image's
 * basename and only the -e variables, as in a container, so a program sees the same world on
 * both platforms). It stays in our process group and keeps our stdin and stdout, so the
 * terminal treats it as it would any program; unlike a plain exec, uni-run stays to apply
 * --timeout and to turn a death by signal into 128+N, as docker does. With symbolize, its
 * stderr comes through a pipe and backtrace lines get " func+0xOFF".
 */
int host_run(const struct run_opts *o, const struct image *im, char **argv, char **envp, int symbolize)
{
	struct watch w;
	watch_start(&w, o->timeout);
	int report[2], err[2] = { -1, -1 };
	if (pipe2(report, O_CLOEXEC) < 0 || (symbolize && pipe2(err, O_CLOEXEC) < 0))
		run_fail("pipe: %s", strerror(errno));
	pid_t parent = getpid(), pid = fork();
	if (pid < 0)
		run_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		/* Gone with uni-run, as a VM's QEMU is: a SIGKILLed uni-run left a process-platform
		 * image running (and a hung one spinning) with nobody to end it. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		watch_child(&w);
		if (symbolize)
			dup2(err[1], 2);
		/* A linux-platform build lives in the host's files: -w is a host directory for it
		 * (native_run checked it). */
		if (!(im->kind == IMAGE_LINUX && o->workdir && chdir(o->workdir) < 0))
			execve(im->path, argv, envp);
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
	struct errlines errl;
	errlines_init(&errl, im, o);
	if (symbolize)
		close(err[1]);

	int status, timed_out = 0, exited = 0, killed_by = 0;
	while (!exited || err[0] >= 0) {
		struct pollfd p[2] = { { w.fd, POLLIN, 0 }, { err[0], POLLIN, 0 } };
		poll(p, err[0] >= 0 ? 2 : 1, watch_poll_ms(&w));
		if (err[0] >= 0 && p[1].revents && !relay_stderr(err[0], &errl)) {
			close(err[0]);
			err[0] = -1;
		}
		if (!exited && watch_expired(&w, pid, o->image))
			timed_out = 1;
		struct signalfd_siginfo si;
		while (watch_signal(&w, &si)) {
			int sig = (int)si.ssi_signo;
			/* A second ^C within a second: the user insists, the program ends now. */
			if (watch_second_int(&w, sig) && !exited && !killed_by) {
				killed_by = sig;
				kill(pid, SIGKILL);
			}
			/* ^C and friends from the terminal already reached the program (same process
			 * group); pass on only what was sent to uni-run alone. */
			if (sig != SIGCHLD && si.ssi_code == SI_USER && !exited && !killed_by)
				kill(pid, sig);
			/* Stopped with it, or the shell would wait for a job that never stops. */
			if (sig == SIGTSTP) {
				raise(SIGSTOP);
				kill(pid, SIGCONT);
			}
		}
		if (!exited && waitpid(pid, &status, WNOHANG) == pid)
			exited = 1;
	}
	if (timed_out)
		return RUN_EXIT_TIMEOUT;
	if (killed_by)
		return 128 + killed_by;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

int native_run(const struct run_opts *o, const struct image *im)
{
	struct strv argv = { 0 };
	strv_push(&argv, uni_basename(im->path));
	for (int i = 0; i < o->nargs; i++)
		strv_push(&argv, o->args[i]);
	char *no_env[] = { NULL };
	struct stat st;
	if (o->workdir && (stat(o->workdir, &st) < 0 || !S_ISDIR(st.st_mode)))
		run_fail("-w %s: no such directory on the host; a linux-platform build runs in the host's "
			 "files, so its working directory must exist here", o->workdir);
	if (o->verbose)
		fprintf(stderr, "uni-run: %s is a static Linux executable: running it directly\n",
			im->path);
	return host_run(o, im, argv.v, o->env.v ? o->env.v : no_env, 0);
}
