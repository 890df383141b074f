/* init.c: /init of a linux-microvm initramfs: loads the virtio modules, decodes argv and env
 * from uni-run's kernel command line, runs /prog with its stdio relayed to ttyS0 (stdin, stdout)
 * and ttyS1 (stderr), passes on the signals uni-run sends on ttyS1's input, and reports its exit
 * status the way a uni image does (port 0xe9, then isa-debug-exit on 0xf4). Built for the linux
 * platform; runs as PID 1, so it never returns. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "uni/abi.h"
#include "uni/percent.h"

static int err_fd = -1; /* ttyS1, else ttyS0, for our own messages */

static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	if (err_fd >= 0 && write(err_fd, buf, (size_t)n) < 0)
		return;
}

static void control(const char *record)
{
	for (const char *p = record; *p; p++)
		outb((unsigned char)*p, UNI_PORT_CONTROL);
}

/* Reports status to uni-run and ends the VM; powers off if isa-debug-exit is absent. */
static void __attribute__((noreturn)) finish(int status)
{
	char rec[32];
	snprintf(rec, sizeof rec, UNI_RECORD_EXIT "%d\n", status);
	control(rec);
	outb((unsigned char)status, UNI_PORT_DEBUG_EXIT);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static void __attribute__((noreturn)) fatal(const char *what, int e)
{
	say("uni-init: %s: %s", what, strerror(e));
	finish(125);
}

struct args {
	char **argv, **envp;
	long long wall_ns;
	int verbose;
	int signals;     /* uni.signals=1: uni-run sends signals as bytes on ttyS1 once we say so */
	char *workdir;   /* uni.workdir (uni-run -w), or NULL */
};

/* The value of token t when it is the option key (a UNI_KEY_*), else NULL. */
static char *option(char *t, const char *key)
{
	size_t n = strlen(key);
	return strncmp(t, key, n) == 0 ? t + n : NULL;
}

/* /proc/cmdline: kernel parameters and uni.KEY=VALUE options, then "--", then argv. Tokens
 * before "--" that are not uni.* belong to the kernel. */
static void parse_cmdline(struct args *a)
{
	static char line[8192];
	int fd = open("/proc/cmdline", O_RDONLY);
	if (fd < 0)
		fatal("open /proc/cmdline", errno);
	ssize_t n = read(fd, line, sizeof line - 1);
	if (n < 0)
		fatal("read /proc/cmdline", errno);
	close(fd);
	line[n] = 0;
	size_t ntok = 2;
	for (char *p = line; *p; p++)
		ntok += *p == ' ';
	a->argv = calloc(ntok, sizeof *a->argv);
	a->envp = calloc(ntok, sizeof *a->envp);
	if (!a->argv || !a->envp)
		fatal("parse /proc/cmdline", ENOMEM);
	int argc = 0, envc = 0, in_args = 0;
	for (char *t = strtok(line, " \n"); t; t = strtok(NULL, " \n")) {
		char *v;
		if (in_args) {
			uni_percent_decode(t);
			a->argv[argc++] = t;
		} else if (strcmp(t, UNI_CMDLINE_ARGS) == 0) {
			in_args = 1;
		} else if (strncmp(t, "uni.", 4) == 0) {
			uni_percent_decode(t);
			if ((v = option(t, UNI_KEY_ENV)))
				a->envp[envc++] = v;
			else if ((v = option(t, UNI_KEY_WALL)))
				a->wall_ns = strtoll(v, NULL, 10);
			else if ((v = option(t, UNI_KEY_VERBOSE)))
				a->verbose = strcmp(v, "1") == 0;
			else if ((v = option(t, UNI_KEY_WORKDIR)))
				a->workdir = v;
			else if ((v = option(t, UNI_KEY_SIGNALS)))
				a->signals = strcmp(v, "1") == 0;
			/* uni.tsc_khz and uni.tty: the kernel keeps its own clock; stdio here is pipes. */
		}
	}
	if (argc == 0)
		a->argv[argc++] = "prog";
}

/* QEMU starts the guest without an RTC: set the wall clock from uni-run's uni.wall, plus the
 * time the kernel took to get here. */
static void set_clock(long long wall_ns)
{
	struct timespec up, now;
	if (wall_ns <= 0 || clock_gettime(CLOCK_BOOTTIME, &up) != 0)
		return;
	long long ns = wall_ns + up.tv_sec * 1000000000LL + up.tv_nsec;
	now.tv_sec = ns / 1000000000LL;
	now.tv_nsec = ns % 1000000000LL;
	clock_settime(CLOCK_REALTIME, &now);
}

static int is_module(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 3 && strcmp(d->d_name + n - 3, ".ko") == 0;
}

/* /lib/modules/NN-name.ko, in name order (dependencies first, as uni-ld packed them). */
static void load_modules(int verbose)
{
	struct dirent **mods;
	int n = scandir("/lib/modules", &mods, is_module, alphasort);
	for (int i = 0; i < n; i++) {
		char *path;
		if (asprintf(&path, "/lib/modules/%s", mods[i]->d_name) < 0)
			continue;
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || (syscall(SYS_finit_module, fd, "", 0) != 0 && errno != EEXIST))
			say("uni-init: cannot load module %s: %s", path, strerror(errno));
		else if (verbose)
			say("uni-init: loaded %s", path);
		if (fd >= 0)
			close(fd);
		free(path);
	}
}

static int open_tty(const char *path, int flags)
{
	int fd = open(path, flags | O_NOCTTY | O_CLOEXEC);
	struct termios t;
	if (fd >= 0 && tcgetattr(fd, &t) == 0) {
		/* Byte-exact both ways: no echo, no line editing, no \n -> \r\n. */
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fd;
}

/* Bytes from ttyS0 are framed by uni-run: 0xff 0xff is 0xff, 0xff 0x00 is end of file. */
struct unframe {
	int escape, eof;
};

static size_t unframe(struct unframe *u, unsigned char *buf, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && !u->eof; i++) {
		if (u->escape) {
			u->escape = 0;
			if (buf[i] == 0x00)
				u->eof = 1;
			else
				buf[o++] = buf[i];
		} else if (buf[i] == 0xff) {
			u->escape = 1;
		} else {
			buf[o++] = buf[i];
		}
	}
	return o;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copies what is readable on from to to; returns 2 when it copied, 1 when nothing was there
 * yet, 0 at end of file (or on an error). */
static int pump(int from, int to)
{
	unsigned char buf[4096];
	ssize_t n = read(from, buf, sizeof buf);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR;
	if (n == 0)
		return 0;
	write_all(to, buf, (size_t)n);
	return 2;
}

/* In the child: enters uni-run -w's directory, created with its parents when missing as the
 * pvh runtime does; a directory it cannot enter ends the child with 126. */
static void enter_workdir(char *dir)
{
	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0755);
			*p = '/';
		}
	mkdir(dir, 0755);
	if (chdir(dir) < 0) {
		say("uni-init: cannot enter the working directory %s: %s; give uni-run -w another",
		    dir, strerror(errno));
		_exit(126);
	}
}

/* The running program: its pid and pidfd, and our (non-blocking) ends of its stdio pipes; an
 * end is -1 once closed. */
struct child {
	pid_t pid;
	int pidfd, in, out, err;
};

/* Forks and executes /prog with pipes for its stdio. */
static void spawn(struct args *a, struct child *c)
{
	int in[2], out[2], errp[2];
	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(errp, O_CLOEXEC))
		fatal("pipe", errno);
	c->pid = fork();
	if (c->pid < 0)
		fatal("fork", errno);
	if (c->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(errp[1], 2);
		if (a->workdir)
			enter_workdir(a->workdir);
		execve("/prog", a->argv, a->envp);
		say("uni-init: cannot execute /prog: %s", strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(errp[1]);
	c->in = in[1], c->out = out[0], c->err = errp[0];
	fcntl(c->in, F_SETFL, O_NONBLOCK);
	fcntl(c->out, F_SETFL, O_NONBLOCK);
	fcntl(c->err, F_SETFL, O_NONBLOCK);
	c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
	if (c->pidfd < 0)
		fatal("pidfd_open", errno);
}

/* The program's stdin: bytes read from ttyS0 and unframed, not yet written to its pipe. */
struct stdin_relay {
	struct unframe u;
	unsigned char buf[4096];
	size_t len, off;
};

/* Writes what is pending to the program's stdin; once the program has closed its end, stdin
 * is over (what was pending is dropped). */
static void feed_stdin(struct stdin_relay *r, struct child *c)
{
	ssize_t w = write(c->in, r->buf + r->off, r->len - r->off);
	if (w > 0)
		r->off += (size_t)w;
	else if (w < 0 && errno != EAGAIN && errno != EINTR)
		r->len = r->off = 0, r->u.eof = 1;
}

/* Each byte uni-run sent on ttyS1 is a signal's number (UNI_RECORD_SIGNALS): the program gets
 * that signal, as it would from kill on the host. */
static void pass_signals(int sig_fd, pid_t pid)
{
	unsigned char buf[64];
	ssize_t n = read(sig_fd, buf, sizeof buf);
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] > 0 && buf[i] < NSIG)
			kill(pid, buf[i]);
}

/* Relays ttyS0 to the program's stdin, its stdout to ttyS0 (con) and its stderr to err, and
 * signals from sig_fd (-1: none) to it, until it exits; returns its wait status. */
static int relay(struct child *c, int con, int err, int sig_fd)
{
	struct stdin_relay r = { 0 };
	enum { P_CON, P_IN, P_OUT, P_ERR, P_PID, P_SIG, P_N };
	struct pollfd p[P_N] = {
		[P_CON] = { con, POLLIN, 0 },  [P_IN] = { -1, POLLOUT, 0 },
		[P_OUT] = { c->out, POLLIN, 0 }, [P_ERR] = { c->err, POLLIN, 0 },
		[P_PID] = { c->pidfd, POLLIN, 0 }, [P_SIG] = { sig_fd, POLLIN, 0 },
	};
	for (;;) {
		int pending = r.off < r.len;
		p[P_CON].fd = !r.u.eof && c->in >= 0 && !pending ? con : -1;
		p[P_IN].fd = pending ? c->in : -1;
		if (poll(p, P_N, -1) < 0 && errno != EINTR)
			fatal("poll", errno);
		if (p[P_CON].fd >= 0 && p[P_CON].revents) {
			ssize_t n = read(con, r.buf, sizeof r.buf);
			r.off = 0;
			r.len = n > 0 ? unframe(&r.u, r.buf, (size_t)n) : 0;
		}
		if (p[P_IN].fd >= 0 && p[P_IN].revents)
			feed_stdin(&r, c);
		if (r.u.eof && r.off >= r.len && c->in >= 0) {
			close(c->in);
			c->in = -1;
		}
		if (p[P_OUT].fd >= 0 && p[P_OUT].revents && !pump(c->out, con))
			p[P_OUT].fd = c->out = -1;
		if (p[P_ERR].fd >= 0 && p[P_ERR].revents && !pump(c->err, err))
			p[P_ERR].fd = c->err = -1;
		if (p[P_SIG].fd >= 0 && p[P_SIG].revents)
			pass_signals(sig_fd, c->pid);
		if (p[P_PID].revents) {
			int status;
			if (waitpid(c->pid, &status, 0) != c->pid)
				fatal("waitpid", errno);
			return status;
		}
	}
}

/* Runs the program with pipes for its stdio and relays them until it exits; returns its
 * status as a uni image reports it (128+N for a death by signal N). */
static int run(struct args *a, int con, int err)
{
	struct child c;
	spawn(a, &c);
	/* stdin is sent to uni-run only once ttyS0 is raw: bytes sent earlier would be lost when
	 * the serial driver starts the port. */
	control(UNI_RECORD_STDIN "\n");
	/* Signals come on ttyS1's input, so only when it is not the console too. */
	int sig_fd = a->signals && err != con ? err : -1;
	if (sig_fd >= 0)
		control(UNI_RECORD_SIGNALS "\n");
	int status = relay(&c, con, err, sig_fd);
	/* The program is gone: pass on what it wrote last (descendants may keep the pipes open,
	 * so read only what is there). */
	while (c.out >= 0 && pump(c.out, con) == 2)
		;
	while (c.err >= 0 && pump(c.err, err) == 2)
		;
	if (WIFSIGNALED(status)) {
		say("uni: %s killed by signal %d (%s)", a->argv[0], WTERMSIG(status), strsignal(WTERMSIG(status)));
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}

int main(void)
{
	if (ioperm(UNI_PORT_CONTROL, 1, 1) != 0 || ioperm(UNI_PORT_DEBUG_EXIT, 4, 1) != 0) {
		/* Without the ports nothing reaches uni-run: power off, it reports a missing record. */
		reboot(RB_POWER_OFF);
		for (;;)
			pause();
	}
	int con = open_tty("/dev/ttyS0", O_RDWR);
	int err = open_tty("/dev/ttyS1", O_RDWR);
	if (err < 0)
		err = con;
	err_fd = err;
	if (con < 0)
		fatal("open /dev/ttyS0", errno);
	if (mount("proc", "/proc", "proc", 0, NULL) != 0)
		fatal("mount /proc", errno);
	struct args a = { 0 };
	parse_cmdline(&a);
	set_clock(a.wall_ns);
	load_modules(a.verbose);
	int status = run(&a, con, err);
	/* Every byte must have left the UARTs before the VM ends. */
	tcdrain(con);
	tcdrain(err);
	finish(status);
}
