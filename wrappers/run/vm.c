/* vm.c: boot a PVH image or a linux-microvm initramfs under QEMU and serve its three channels
 * until it exits. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * QEMU's stdio chardev sets O_NONBLOCK on its fd 1 while it runs. That flag lives in the
 * open file description, which a terminal usually shares with our stderr and with the shell.
 * So QEMU gets its own description of the same tty or pipe, opened again through /proc.
 * Regular files are passed as they are (O_NONBLOCK means nothing there, and reopening would
 * lose the offset); so are sockets, which cannot be reopened.
 */
static int console_out_fd(void)
{
	struct stat st;
	if (fstat(1, &st) < 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)))
		return 1;
	/* O_NONBLOCK: opening a FIFO without readers would otherwise wait forever. */
	int fd = open("/proc/self/fd/1", O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	return fd < 0 ? 1 : fd;
}

/* Makes fd the child's fd target, surviving exec. */
static void child_fd(int fd, int target)
{
	if (fd == target)
		fcntl(fd, F_SETFD, 0);
	else
		dup2(fd, target);
}

/* State of the control channel: text records, one per line. */
struct ctl {
	char line[256];
	size_t len;
	int have_exit, status, verbose;
	int stdin_ready; /* the guest's UART is set up: it says so with a "stdin" record */
	int signals_ready; /* the guest takes signals on COM2's input: a "signals" record */
	int clock_fd;    /* COM2's input: where a "clock" record is answered */
};

static void ctl_record(struct ctl *c)
{
	char *end;
	c->line[c->len] = '\0';
	const size_t k = sizeof UNI_RECORD_EXIT - 1;
	if (strncmp(c->line, UNI_RECORD_EXIT, k) == 0 && c->line[k] >= '0' && c->line[k] <= '9') {
		long n = strtol(c->line + k, &end, 10);
		if (!*end && n <= 255) {
			c->have_exit = 1;
			c->status = (int)n;
			return;
		}
	}
	if (strcmp(c->line, UNI_RECORD_STDIN) == 0) {
		c->stdin_ready = 1;
		return;
	}
	if (strcmp(c->line, UNI_RECORD_SIGNALS) == 0) {
		c->signals_ready = 1;
		return;
	}
	if (strcmp(c->line, UNI_RECORD_CLOCK) == 0) {
		clock_answer(c->clock_fd);
		return;
	}
	/* Unknown records are skipped, so a newer runtime still runs under an older uni-run. */
	if (c->verbose)
		fprintf(stderr, "uni-run: ignoring control record '%s'\n", c->line);
}

static void ctl_feed(struct ctl *c, const char *p, size_t n)
{
	for (; n; p++, n--) {
		if (*p == '\n') {
			ctl_record(c);
			c->len = 0;
		} else if (c->len < sizeof c->line - 1) {
			c->line[c->len++] = *p;
		}
	}
}

/* Guest stdin, framed for COM1: 0xff is sent as 0xff 0xff, end of file as 0xff 0x00. */
struct input {
	unsigned char buf[2 * 4096 + 2];
	size_t len, off;
	int reading; /* still reading our stdin */
	int open;    /* QEMU still reads the pipe */
};

static void input_read(struct input *in)
{
	unsigned char raw[4096];
	ssize_t n = read(0, raw, sizeof raw);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	in->len = in->off = 0;
	for (ssize_t i = 0; i < n; i++) {
		in->buf[in->len++] = raw[i];
		if (raw[i] == UNI_STDIN_ESC)
			in->buf[in->len++] = UNI_STDIN_ESC;
	}
	if (n <= 0) {
		in->buf[in->len++] = UNI_STDIN_ESC;
		in->buf[in->len++] = UNI_STDIN_EOF;
		in->reading = 0;
	}
}

static void input_write(struct input *in, int fd)
{
	ssize_t w = write(fd, in->buf + in->off, in->len - in->off);
	if (w > 0)
		in->off += (size_t)w;
	else if (w < 0 && errno != EAGAIN && errno != EINTR)
		in->open = 0; /* QEMU is gone; its exit is handled through SIGCHLD */
}

/* Starts QEMU; returns its pid. Fails (125) if it cannot be executed. */
static pid_t spawn(char **argv, const struct watch *w, int in_fd, int out_fd, int err_fd, int ctl_fd,
		   const int *net_fd)
{
	int report[2];
	pid_t parent = getpid();
	if (pipe2(report, O_CLOEXEC) < 0)
		run_fail("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		run_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		watch_child(w);
		/* Its own process group: ^C on the terminal reaches only uni-run, which ends QEMU
		 * quietly; and QEMU must not outlive uni-run. */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		child_fd(in_fd, 0);
		child_fd(out_fd, 1);
		fcntl(err_fd, F_SETFD, 0);
		fcntl(ctl_fd, F_SETFD, 0);
		for (int i = 0; i < NET_MAX_NICS; i++)
			if (net_fd[i] >= 0)
				fcntl(net_fd[i], F_SETFD, 0);
		execvp(argv[0], argv);
		int e = errno;
		if (write(report[1], &e, sizeof e) < 0)
			_exit(127);
		_exit(127);
	}
	close(report[1]);
	int e;
	/* The report pipe closes on a successful exec and carries errno otherwise. */
	ssize_t n;
	while ((n = read(report[0], &e, sizeof e)) < 0 && errno == EINTR)
		;
	close(report[0]);
	if (n == sizeof e) {
		waitpid(pid, NULL, 0);
		run_fail("cannot run QEMU '%s': %s (set --qemu or UNI_QEMU)", argv[0], strerror(e));
	}
	return pid;
}

static int readable(const struct pollfd *p)
{
	return p->fd >= 0 && (p->revents & (POLLIN | POLLHUP | POLLERR));
}

int vm_run(const struct run_opts *o, const struct image *im, const char *accel)
{
	int microvm = im->kind == IMAGE_MICROVM;
	if (microvm && mem_mib(o->mem) < MICROVM_MIN_MEM_MB)
		run_fail("-m %s is too small for a linux-microvm image: Debian's kernel unpacks the "
			 "initramfs into RAM and panics below ~72M; use -m %dM or more",
			 o->mem, MICROVM_MIN_MEM_MB);
	long khz = tsc_khz();

	int in[2], err[2], ctl[2];
	if (pipe2(in, O_CLOEXEC) < 0 || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, err) < 0 ||
	    pipe2(ctl, O_CLOEXEC) < 0)
		run_fail("creating the pipes and the COM2 socket pair to QEMU: %s", strerror(errno));
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	int out = console_out_fd();
	/* passt before the watch: it must not inherit the blocked signals. */
	int net_fd[NET_MAX_NICS];
	for (int i = 0; i < NET_MAX_NICS; i++)
		net_fd[i] = o->net.passt && i < o->net.n_nics && o->net.nics[i].kind == NIC_USER
				    ? passt_start(o, i, "use --user-net slirp")
				    : -1;

	struct watch w;
	watch_start(&w, o->timeout);
	long long wall;
	uint64_t wall_tsc;
	wall_and_tsc(&wall, &wall_tsc);
	struct vm_conf c = {
		.im = im,
		.accel = accel,
		.append = kcmdline_build(o, im, khz, wall, wall_tsc, !microvm && accel_takes_signals(accel)),
		.err_fd = err[1],
		.ctl_fd = ctl[1],
		.volumes = volumes_pack(o, im),
	};
	memcpy(c.net_fd, net_fd, sizeof net_fd);
	struct strv argv = { 0 };
	qemu_argv_build(&argv, o, &c);
	if (o->verbose)
		print_argv(argv.v);
	pid_t pid = spawn(argv.v, &w, in[0], out, err[1], ctl[1], net_fd);
	net_print_forwards(&o->net);
	for (int i = 0; i < NET_MAX_NICS; i++)
		if (net_fd[i] >= 0)
			close(net_fd[i]);   /* QEMU holds it; passt ends when QEMU closes it */
	close(in[0]);
	close(err[1]);
	close(ctl[1]);
	if (out != 1)
		close(out);

	struct input input = { .reading = 1, .open = 1 };
	struct errlines errl;
	errlines_init(&errl, im, o);
	/* Bytes sent before the guest sets up its UART are lost (a FIFO reset, Linux's start). */
	struct ctl control = { .verbose = o->verbose, .clock_fd = err[0] };
	int status = 0, reaped = 0, timed_out = 0, killed_by = 0;
	enum { P_SIG, P_STDIN, P_IN, P_ERR, P_CTL, P_N };
	struct pollfd p[P_N] = {
		[P_SIG] = { w.fd, POLLIN, 0 },   [P_STDIN] = { 0, POLLIN, 0 },
		[P_IN] = { in[1], POLLOUT, 0 },  [P_ERR] = { err[0], POLLIN, 0 },
		[P_CTL] = { ctl[0], POLLIN, 0 },
	};
	/* Until QEMU is reaped and both of its output pipes reached end of file. */
	while (!reaped || p[P_ERR].fd >= 0 || p[P_CTL].fd >= 0) {
		int pending = input.off < input.len;
		/* Read stdin only when the last chunk went out: QEMU's pace is the guest's. */
		p[P_STDIN].fd = input.reading && input.open && !pending && control.stdin_ready ? 0 : -1;
		p[P_IN].fd = input.open && pending ? in[1] : -1;
		if (poll(p, P_N, reaped ? -1 : watch_poll_ms(&w)) < 0 && errno != EINTR)
			run_fail("poll: %s", strerror(errno));
		if (!reaped && watch_expired(&w, pid, o->image))
			timed_out = 1;

		struct signalfd_siginfo si;
		while (watch_signal(&w, &si)) {
			int sig = (int)si.ssi_signo;
			if (sig == SIGCHLD) {
				if (!reaped && waitpid(pid, &status, WNOHANG) == pid)
					reaped = 1;
			} else if (sig == SIGTSTP) {
				/* ^Z: QEMU is in another process group, so stop it with us. */
				kill(pid, SIGSTOP);
				raise(SIGSTOP);
				kill(pid, SIGCONT);
			} else if (!killed_by && !reaped) {
				/* The guest's runtime delivers it (one byte, its number, on COM2's input)
				 * once it said it can; otherwise, or at a second ^C, QEMU ends here. */
				unsigned char b = (unsigned char)sig;
				int insist = watch_second_int(&w, sig);
				if (!control.signals_ready || insist || write_full(err[0], &b, 1) < 0) {
					killed_by = sig;
					kill(pid, SIGKILL);
				}
			}
		}
		if (p[P_STDIN].fd >= 0 && (p[P_STDIN].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
			input_read(&input);
		if (p[P_IN].fd >= 0 && p[P_IN].revents)
			input_write(&input, in[1]);

		char buf[4096];
		if (readable(&p[P_ERR])) {
			ssize_t n = read(err[0], buf, sizeof buf);
			if (n > 0) {
				errlines_feed(&errl, buf, (size_t)n);
			} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
				errlines_flush(&errl);
				p[P_ERR].fd = -1;
			}
		}
		if (readable(&p[P_CTL])) {
			ssize_t n = read(ctl[0], buf, sizeof buf);
			if (n > 0)
				ctl_feed(&control, buf, (size_t)n);
			else if (n == 0 || (errno != EAGAIN && errno != EINTR))
				p[P_CTL].fd = -1;
		}
	}

	passt_stop();
	if (killed_by)
		return 128 + killed_by;
	if (timed_out)
		return RUN_EXIT_TIMEOUT;
	if (control.have_exit)
		return control.status;
	if (WIFSIGNALED(status))
		fprintf(stderr, "uni-run: QEMU was killed by signal %d without an exit record\n",
			WTERMSIG(status));
	else
		fprintf(stderr, "uni-run: QEMU exited with status %d without an exit record\n",
			WEXITSTATUS(status));
	return RUN_EXIT_ERROR;
}
