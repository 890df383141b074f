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
#include <unistd.h>

/* A child of host_run, served until it ends. */
struct host_child {
	const struct run_opts *o;
	const struct image *im;
	struct uni_wait w;
	struct pollfd p[2]; /* the signals, the stderr pipe (symbolize) */
	struct errlines errl;
	pid_t parent;       /* uni-run */
	int merge;          /* stdout goes into the stderr pipe too (same_output) */
};

/*
 * Whether our stdout and stderr are one file, pipe or socket (2>&1 into it). The child's stderr
 * then comes through errlines' pipe, and its stdout must take the same way, or the pipe's delay
 * reorders the two. Devices keep stdout direct: a terminal must stay one for isatty (errlines
 * holds back only partial lines that may become backtrace lines), /dev/null keeps no order.
 */
static int same_output(void)
{
	struct stat out, err;
	return fstat(1, &out) == 0 && fstat(2, &err) == 0 && out.st_dev == err.st_dev &&
	       out.st_ino == err.st_ino && !S_ISCHR(out.st_mode);
}

/* In the child: bound to uni-run's life, the wait's signal mask undone and, for a linux-platform
 * build, which lives in the host's files, -w as a host directory (native_run checked it). */
static int host_setup(void *ctx)
{
	struct host_child *h = ctx;
	/* Gone with uni-run, as a VM's QEMU is: a SIGKILLed uni-run left a process-platform image
	 * running (and a hung one spinning) with nobody to end it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != h->parent)
		_exit(127);
	uni_wait_child(&h->w);
	if (h->merge && dup2(2, 1) < 0)
		return -1;
	if (h->im->kind == IMAGE_LINUX && h->o->workdir)
		return chdir(h->o->workdir);
	return 0;
}

static int host_prepare(void *ctx)
{
	struct host_child *h = ctx;
	return h->p[1].fd >= 0;
}

/* Copies what the child wrote to the stderr pipe through errlines (backtraces symbolized),
 * until the pipe is at its end. */
static void host_ready(void *ctx)
{
	struct host_child *h = ctx;
	if (h->p[1].fd < 0 || !h->p[1].revents)
		return;
	char buf[4096];
	ssize_t n = read(h->p[1].fd, buf, sizeof buf);
	if (n > 0) {
		errlines_feed(&h->errl, buf, (size_t)n);
	} else if (!(n < 0 && (errno == EINTR || errno == EAGAIN))) {
		errlines_flush(&h->errl);
		close(h->p[1].fd);
		h->p[1].fd = -1;
	}
}

/* ^C and friends from the terminal already reached the program (same process group); pass on
 * only what was sent to uni-run alone. */
static int host_deliver(int sig, const struct signalfd_siginfo *si, void *ctx)
{
	struct host_child *h = ctx;
	if (si->ssi_code == SI_USER)
		kill(h->w.pid, sig);
	return 0;
}

/*
 * The child gets argv and envp as given (for a linux-platform build: argv[0] the image's
 * basename and only the -e variables, as in a container, so a program sees the same world on
 * both platforms). It stays in our process group and keeps our stdin and stdout, so the
 * terminal treats it as it would any program; unlike a plain exec, uni-run stays to apply
 * --timeout and to turn a death by signal into 128+N, as docker does. With symbolize, its
 * stderr comes through a pipe and backtrace lines get " func+0xOFF" (and with 2>&1 its stdout
 * comes through the same pipe, so that the two keep their order).
 */
int host_run(const struct run_opts *o, const struct image *im, char **argv, char **envp, int symbolize)
{
	struct host_child h = { .o = o, .im = im, .parent = getpid(), .merge = symbolize && same_output() };
	uni_wait_start(&h.w, o->timeout, o->image);
	struct uni_spawn s = { .argv = argv, .path = im->path, .envp = envp, .capture = symbolize ? 2 : 0,
			       .setup = host_setup, .ctx = &h };
	int e = uni_spawn(&s);
	if (e)
		uni_die("exec: cannot execute %s: %s (fix: check the file's permissions, and -w)", im->path,
			strerror(e));
	h.w.pid = s.pid;
	h.p[1] = (struct pollfd){ symbolize ? s.out_fd : -1, POLLIN, 0 };
	errlines_init(&h.errl, im, o);
	struct uni_serve serve = { h.p, 2, host_prepare, host_ready, host_deliver, &h };
	uni_wait_loop(&h.w, &serve);
	int by_us = uni_wait_ended_by_us(&h.w);
	return by_us >= 0 ? by_us : uni_exit_code(h.w.status);
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
		uni_die("-w %s: no such directory on the host, where a linux-platform build runs (fix: "
			"create it, or give a host directory)", o->workdir);
	if (o->verbose)
		fprintf(stderr, "uni-run: %s is a static Linux executable: running it directly\n",
			im->path);
	return host_run(o, im, argv.v, o->env.v ? o->env.v : no_env, 0);
}
