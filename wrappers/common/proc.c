/* proc.c: run other programs: spawn with a stream captured, reap, capture a probe's output,
 * exec, echo a command line; and the wait loop that serves a child under a deadline while
 * passing signals on to it (uni-run's image or QEMU). */
#include "uni.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void uni_exec(char *const argv[])
{
	execvp(argv[0], argv);
	uni_die("exec: cannot run %s: %s (fix: install it or put it on PATH)", argv[0], strerror(errno));
}

/* In the child: everything uni_spawn asks for before exec; -1 and errno when something failed. */
static int child_prepare(const struct uni_spawn *s, pid_t parent, int capture_fd)
{
	if (s->own_group) {
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* The parent died before the line above: nobody would end this child. */
		if (getppid() != parent)
			_exit(127);
	}
	/* dup2 onto itself (our own stream was closed) would keep close-on-exec. */
	if (s->capture && capture_fd == s->capture && fcntl(capture_fd, F_SETFD, 0) < 0)
		return -1;
	if (s->capture && capture_fd != s->capture && dup2(capture_fd, s->capture) < 0)
		return -1;
	if (s->quiet) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 2);
	}
	return s->setup ? s->setup(s->ctx) : 0;
}

int uni_spawn(struct uni_spawn *s)
{
	/* The report pipe closes on a successful exec and carries errno otherwise. */
	int report[2], out[2] = { -1, -1 };
	if (pipe2(report, O_CLOEXEC) < 0 || (s->capture && pipe2(out, O_CLOEXEC) < 0))
		uni_die("spawn %s: pipe: %s (fix: close files or raise the limit, ulimit -n)", s->argv[0],
			strerror(errno));
	pid_t parent = getpid();
	s->pid = fork();
	if (s->pid < 0)
		uni_die("spawn %s: fork: %s (fix: end other processes or raise ulimit -u)", s->argv[0],
			strerror(errno));
	if (s->pid == 0) {
		if (child_prepare(s, parent, out[1]) == 0) {
			if (s->path)
				execve(s->path, s->argv, s->envp);
			else
				execvp(s->argv[0], s->argv);
		}
		int e = errno;
		ssize_t told = write(report[1], &e, sizeof e);
		(void)told; /* nobody else to tell if even that failed */
		_exit(127);
	}
	close(report[1]);
	if (s->capture)
		close(out[1]);
	s->out_fd = out[0];
	int e;
	ssize_t n;
	while ((n = read(report[0], &e, sizeof e)) < 0 && errno == EINTR)
		;
	close(report[0]);
	if (n != sizeof e)
		return 0;
	if (s->capture)
		close(out[0]);
	uni_reap(s->pid);
	return e;
}

int uni_reap(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			uni_die("wait: waitpid: %s (fix: retry; report it if it repeats)", strerror(errno));
	return status;
}

int uni_exit_code(int status)
{
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

int uni_capture_spawn(struct uni_spawn *s, char **out, size_t *outlen)
{
	s->capture = 1;
	size_t len = 0, cap = 256;
	char *buf = uni_xmalloc(cap);
	*buf = '\0';
	*out = buf;
	*outlen = 0;
	if (uni_spawn(s) != 0)
		return 127;
	for (;;) {
		if (len + 1 >= cap) {
			char *bigger = uni_xmalloc(cap *= 2);
			memcpy(bigger, buf, len);
			buf = bigger;
		}
		ssize_t r = read(s->out_fd, buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(s->out_fd);
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return uni_exit_code(uni_reap(s->pid));
}

int uni_capture_status(char *const argv[], char **out, size_t *outlen)
{
	struct uni_spawn s = { .argv = argv };
	return uni_capture_spawn(&s, out, outlen);
}

char *uni_capture(char *const argv[])
{
	char *buf;
	size_t len;
	int rc = uni_capture_status(argv, &buf, &len);
	if (rc == 127)
		uni_die("probe: cannot run %s: %s (fix: install it or put it on PATH)", argv[0], strerror(ENOENT));
	if (rc != 0)
		uni_die("probe: '%s %s' failed (fix: install the host compiler, gcc)", argv[0],
			argv[1] ? argv[1] : "");
	while (len && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	return buf;
}

void uni_print_cmd(char *const argv[])
{
	for (size_t i = 0; argv[i]; i++)
		fprintf(stderr, " %s", argv[i]);
	fputc('\n', stderr);
}

static const int watched[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGTSTP };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void uni_wait_start(struct uni_wait *w, double timeout, const char *what)
{
	*w = (struct uni_wait){ .timeout = timeout, .what = what, .last_int = -1, .pid = -1 };
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof watched / sizeof *watched; i++)
		sigaddset(&set, watched[i]);
	/* Blocked and read through signalfd, so the poll loop handles them between reads. */
	sigprocmask(SIG_BLOCK, &set, &w->old_mask);
	w->sig_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (w->sig_fd < 0)
		uni_die("signals: signalfd: %s (fix: run on Linux 2.6.27 or later)", strerror(errno));
	/* A reader that went away (QEMU's stdin pipe, a closed stdout) is an EPIPE, not a death. */
	signal(SIGPIPE, SIG_IGN);
	w->deadline = timeout > 0 ? now() + timeout : -1;
}

void uni_wait_child(const struct uni_wait *w)
{
	signal(SIGPIPE, SIG_DFL);
	sigprocmask(SIG_SETMASK, &w->old_mask, NULL);
}

static int ended(const struct uni_wait *w)
{
	return w->reaped || w->timed_out || w->killed_by;
}

/* The poll timeout in ms until the deadline, or -1 without one. */
static int poll_ms(const struct uni_wait *w)
{
	if (ended(w) || w->deadline < 0)
		return -1;
	double left = w->deadline - now();
	/* Wake at least daily so that a huge --timeout cannot overflow an int of milliseconds. */
	return left <= 0 ? 0 : left > 86400 ? 86400 * 1000 : (int)(left * 1000) + 1;
}

/* Once the deadline has passed: kills the child and says so. */
static void check_deadline(struct uni_wait *w)
{
	if (ended(w) || w->deadline < 0 || now() < w->deadline)
		return;
	kill(w->pid, SIGKILL);
	w->timed_out = 1;
	fprintf(stderr, "%s: --timeout: %s timed out after %g s (fix: give it more time, or none)\n",
		uni_prog, w->what, w->timeout);
}

/* Whether sig is a SIGINT that came UNI_SECOND_INT_S or less after the last one. */
static int second_int(struct uni_wait *w, int sig)
{
	if (sig != SIGINT)
		return 0;
	double t = now(), last = w->last_int;
	w->last_int = t;
	return last >= 0 && t - last < UNI_SECOND_INT_S;
}

static void handle_signal(struct uni_wait *w, const struct uni_serve *s, const struct signalfd_siginfo *si)
{
	int sig = (int)si->ssi_signo;
	if (sig == SIGCHLD)
		return;   /* reaped after the signals */
	if (sig == SIGTSTP) {
		/* ^Z: the child stops with uni-run, or the shell would wait for a job that never stops. */
		if (!w->reaped)
			s->deliver(sig, si, s->ctx);
		raise(SIGSTOP);
		if (!w->reaped)
			kill(w->pid, SIGCONT);
		return;
	}
	/* A second ^C within a second: the user insists, the program ends now. */
	int insist = second_int(w, sig);
	if (ended(w))
		return;
	if (insist || s->deliver(sig, si, s->ctx) < 0) {
		w->killed_by = sig;
		kill(w->pid, SIGKILL);
	}
}

void uni_wait_loop(struct uni_wait *w, const struct uni_serve *s)
{
	s->fds[0] = (struct pollfd){ w->sig_fd, POLLIN, 0 };
	while (s->prepare(s->ctx) || !w->reaped) {
		if (poll(s->fds, (nfds_t)s->nfds, poll_ms(w)) < 0 && errno != EINTR)
			uni_die("wait: poll: %s (fix: retry; report it if it repeats)", strerror(errno));
		check_deadline(w);
		struct signalfd_siginfo si;
		while (read(w->sig_fd, &si, sizeof si) == sizeof si)
			handle_signal(w, s, &si);
		if (!w->reaped && waitpid(w->pid, &w->status, WNOHANG) == w->pid)
			w->reaped = 1;
		s->ready(s->ctx);
	}
}

int uni_wait_ended_by_us(const struct uni_wait *w)
{
	if (w->timed_out)
		return UNI_EXIT_TIMEOUT;
	if (w->killed_by)
		return 128 + w->killed_by;
	return -1;
}
