/* vm.c: boot a PVH image or a linux-microvm initramfs under QEMU and serve its channels until
 * it exits. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
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
	int stdin_ready; /* the guest's console is set up: a "stdin" or "vconsole" record */
	int vconsole;    /* ... the latter: stdin goes to the virtio console, framed */
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
	if (strcmp(c->line, UNI_RECORD_STDIN) == 0 || strcmp(c->line, UNI_RECORD_VCONSOLE) == 0) {
		c->stdin_ready = 1;
		c->vconsole = strcmp(c->line, UNI_RECORD_VCONSOLE) == 0;
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

/* Guest stdin, framed for COM1 (0xff is sent as 0xff 0xff, end of file as 0xff 0x00) or for
 * the virtio console (vcon.c), which takes larger chunks. */
#define COM1_CHUNK 4096
#define VCON_CHUNK 65536
struct input {
	unsigned char buf[VCON_CHUNK + UNI_VCON_HDR];
	size_t len, off;
	int reading; /* still reading our stdin */
	int open;    /* QEMU still reads the pipe */
};

static void input_read(struct input *in, int vconsole)
{
	if (vconsole) {
		size_t n = vcon_stdin_frame(in->buf, sizeof in->buf);
		in->off = 0;
		in->len = n;
		in->reading = n != UNI_VCON_HDR;
		return;
	}
	unsigned char raw[COM1_CHUNK];
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

/* What a VM's wait loop polls: the signals (the loop's), our stdin, the guest's stdin (COM1's
 * input or the virtio console), COM2, 0xe9, the virtio console's output. */
enum { P_SIG, P_STDIN, P_IN, P_ERR, P_CTL, P_CON, P_N };

/* A VM being served: QEMU, the channels to it and what came through them. */
struct vm {
	const struct run_opts *o;
	const struct image *im;
	struct uni_wait w;
	int in[2], err[2], ctl[2]; /* COM1's input (framed stdin), COM2 (a socket), port 0xe9 */
	int con[2];                /* the virtio console's port (a socket; pvh only, else -1) */
	int out;                   /* QEMU's stdout: console_out_fd */
	int net_fd[NET_MAX_NICS];  /* sockets to passt for user NICs, else -1 */
	struct pollfd p[P_N];
	struct input input;
	struct errlines errl;
	struct ctl control;
	struct vcon_out vcon;
};

/* In QEMU's process: the wait's signal mask undone, and the descriptors it inherits. */
static int qemu_setup(void *ctx)
{
	const struct vm *vm = ctx;
	uni_wait_child(&vm->w);
	child_fd(vm->in[0], 0);
	child_fd(vm->out, 1);
	fcntl(vm->err[1], F_SETFD, 0);
	fcntl(vm->ctl[1], F_SETFD, 0);
	if (vm->con[1] >= 0)
		fcntl(vm->con[1], F_SETFD, 0);
	for (int i = 0; i < NET_MAX_NICS; i++)
		if (vm->net_fd[i] >= 0)
			fcntl(vm->net_fd[i], F_SETFD, 0);
	return 0;
}

/* Starts QEMU in its own process group: ^C on the terminal reaches only uni-run, which ends
 * QEMU quietly; and QEMU must not outlive uni-run. Fails (125) if it cannot be executed. */
static void spawn_qemu(struct vm *vm, char **argv)
{
	struct uni_spawn s = { .argv = argv, .own_group = 1, .setup = qemu_setup, .ctx = vm };
	int e = uni_spawn(&s);
	if (e)
		uni_die("QEMU: cannot run '%s': %s (fix: set --qemu or UNI_QEMU)", argv[0], strerror(e));
	vm->w.pid = s.pid;
}

static int readable(const struct pollfd *p)
{
	return p->fd >= 0 && (p->revents & (POLLIN | POLLHUP | POLLERR));
}

/* linux-microvm: Debian's kernel unpacks the initramfs into RAM. */
static void check_mem(const struct run_opts *o, const struct image *im)
{
	if (im->kind == IMAGE_MICROVM && mem_mib(o->mem) < MICROVM_MIN_MEM_MB)
		uni_die("-m %s: too small for a linux-microvm image: Debian's kernel unpacks the "
			"initramfs into RAM and panics below ~72M (fix: use -m %dM or more)",
			o->mem, MICROVM_MIN_MEM_MB);
}

/* The pipes and the COM2 socket pair to QEMU, and passt for the user NICs (before the wait:
 * passt must not inherit the blocked signals). */
static void open_channels(struct vm *vm)
{
	const struct run_opts *o = vm->o;
	if (pipe2(vm->in, O_CLOEXEC) < 0 || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, vm->err) < 0 ||
	    pipe2(vm->ctl, O_CLOEXEC) < 0)
		uni_die("QEMU: creating the pipes and the COM2 socket pair: %s (fix: close files or raise "
			"ulimit -n)", strerror(errno));
	fcntl(vm->in[1], F_SETFL, O_NONBLOCK);
	vm->con[0] = vm->con[1] = -1;
	/* microvm has 8 virtio-mmio slots: with 8 NICs the console stays on the UARTs. */
	int vcon_slot = strcmp(o->machine, "q35") == 0 || o->net.n_nics < NET_MAX_NICS;
	if (vm->im->kind == IMAGE_PVH && vcon_slot) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, vm->con) < 0)
			uni_die("QEMU: creating the virtio console's socket pair: %s (fix: close files or raise "
				"ulimit -n)", strerror(errno));
		fcntl(vm->con[0], F_SETFL, O_NONBLOCK);
	}
	vm->out = console_out_fd();
	for (int i = 0; i < NET_MAX_NICS; i++)
		vm->net_fd[i] = o->net.passt && i < o->net.n_nics && o->net.nics[i].kind == NIC_USER
				      ? passt_start(o, i, "use --user-net slirp")
				      : -1;
}

/* QEMU's command line for the image, with the clock read now. */
static void build_argv(struct vm *vm, const char *accel, struct strv *argv)
{
	const struct run_opts *o = vm->o;
	int microvm = vm->im->kind == IMAGE_MICROVM;
	long khz = tsc_khz();
	long long wall;
	uint64_t wall_tsc;
	wall_and_tsc(&wall, &wall_tsc);
	struct vm_conf c = {
		.im = vm->im,
		.accel = accel,
		.append = kcmdline_build(o, vm->im, khz, wall, wall_tsc, microvm || accel_takes_signals(accel)),
		.err_fd = vm->err[1],
		.ctl_fd = vm->ctl[1],
		.con_fd = vm->con[1],
		.volumes = volumes_pack(o, vm->im),
		.kernel = gdb_image(o, vm->im),
	};
	memcpy(c.net_fd, vm->net_fd, sizeof vm->net_fd);
	qemu_argv_build(argv, o, &c);
	if (o->verbose) {
		volumes_describe(o, vm->im, "9P over virtio-9p, served by QEMU");
		print_argv(argv->v);
	}
}

/* Once QEMU runs: our copies of what it inherited are closed (passt ends when QEMU closes its
 * socket), and the channels are set up to be served. */
static void hand_over(struct vm *vm)
{
	net_print_forwards(&vm->o->net);
	for (int i = 0; i < NET_MAX_NICS; i++)
		if (vm->net_fd[i] >= 0)
			close(vm->net_fd[i]);
	close(vm->in[0]);
	close(vm->err[1]);
	close(vm->ctl[1]);
	if (vm->con[1] >= 0)
		close(vm->con[1]);
	if (vm->out != 1)
		close(vm->out);
	vm->input = (struct input){ .reading = 1, .open = 1 };
	errlines_init(&vm->errl, vm->im, vm->o);
	/* Bytes sent before the guest sets up its UART are lost (a FIFO reset, Linux's start). */
	vm->control = (struct ctl){ .verbose = vm->o->verbose, .clock_fd = vm->err[0] };
	vm->p[P_ERR] = (struct pollfd){ vm->err[0], POLLIN, 0 };
	vm->p[P_CTL] = (struct pollfd){ vm->ctl[0], POLLIN, 0 };
	vm->p[P_CON] = (struct pollfd){ vm->con[0], POLLIN, 0 };
}

/* Before each poll: stdin is read only when the last chunk went out (QEMU's pace is the
 * guest's) and the guest is ready for it. Serving goes on until both of QEMU's output
 * channels reached end of file. */
static int vm_prepare(void *ctx)
{
	struct vm *vm = ctx;
	int pending = vm->input.off < vm->input.len;
	vm->p[P_STDIN] = (struct pollfd){
		vm->input.reading && vm->input.open && !pending && vm->control.stdin_ready ? 0 : -1, POLLIN, 0
	};
	int to = vm->control.vconsole ? vm->con[0] : vm->in[1];
	vm->p[P_IN] = (struct pollfd){ vm->input.open && pending ? to : -1, POLLOUT, 0 };
	return vm->p[P_ERR].fd >= 0 || vm->p[P_CTL].fd >= 0 || vm->p[P_CON].fd >= 0;
}

/* Reads one chunk of p's descriptor into buf; at end of file or on an error, p->fd becomes -1
 * (the channel is done). */
static ssize_t read_chunk(struct pollfd *p, char *buf, size_t size)
{
	ssize_t n = read(p->fd, buf, size);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		p->fd = -1;
	return n;
}

static void vm_ready(void *ctx)
{
	struct vm *vm = ctx;
	struct pollfd *p = vm->p;
	if (p[P_STDIN].fd >= 0 && (p[P_STDIN].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
		input_read(&vm->input, vm->control.vconsole);
	if (p[P_IN].fd >= 0 && p[P_IN].revents)
		input_write(&vm->input, p[P_IN].fd);
	char buf[4096];
	if (readable(&p[P_ERR])) {
		ssize_t n = read_chunk(&p[P_ERR], buf, sizeof buf);
		if (n > 0)
			errlines_feed(&vm->errl, buf, (size_t)n);
		else if (p[P_ERR].fd < 0)
			errlines_flush(&vm->errl);
	}
	if (readable(&p[P_CTL])) {
		ssize_t n = read_chunk(&p[P_CTL], buf, sizeof buf);
		if (n > 0)
			ctl_feed(&vm->control, buf, (size_t)n);
	}
	if (readable(&p[P_CON])) {
		static unsigned char out[1 << 16];
		ssize_t n = read_chunk(&p[P_CON], (char *)out, sizeof out);
		if (n > 0)
			vcon_out_feed(&vm->vcon, &vm->errl, out, (size_t)n);
	}
}

/* ^Z: QEMU is in another process group, so it stops with us. Other signals: the guest's
 * runtime delivers them (one byte, its number, on COM2's input) once it said it can;
 * otherwise QEMU ends here. */
static int vm_deliver(int sig, const struct signalfd_siginfo *si, void *ctx)
{
	struct vm *vm = ctx;
	(void)si;
	if (sig == SIGTSTP) {
		kill(vm->w.pid, SIGSTOP);
		return 0;
	}
	unsigned char b = (unsigned char)sig;
	if (!vm->control.signals_ready || write_full(vm->err[0], &b, 1) < 0)
		return -1;
	return 0;
}

/* QEMU ended before the guest's runtime said how it exited: QEMU says why, or a gdb ended it. */
#define QEMU_ENDED_FIX "see QEMU's messages above; --verbose shows its command line"

/* The status: the guest's exit record's, unless uni-run ended QEMU or QEMU ended without one. */
static int vm_status(const struct vm *vm)
{
	int by_us = uni_wait_ended_by_us(&vm->w);
	if (by_us >= 0)
		return by_us;
	if (vm->control.have_exit)
		return vm->control.status;
	int status = vm->w.status;
	if (WIFSIGNALED(status))
		fprintf(stderr, "uni-run: QEMU: killed by signal %d without an exit record (fix: %s)\n",
			WTERMSIG(status), QEMU_ENDED_FIX);
	else
		fprintf(stderr, "uni-run: QEMU: exited with status %d without an exit record (fix: %s)\n",
			WEXITSTATUS(status), QEMU_ENDED_FIX);
	return RUN_EXIT_ERROR;
}

int vm_run(const struct run_opts *o, const struct image *im, const char *accel)
{
	struct vm vm = { .o = o, .im = im };
	check_mem(o, im);
	open_channels(&vm);
	uni_wait_start(&vm.w, o->timeout, o->image);
	struct strv argv = { 0 };
	build_argv(&vm, accel, &argv);
	spawn_qemu(&vm, argv.v);
	hand_over(&vm);
	struct uni_serve serve = { vm.p, P_N, vm_prepare, vm_ready, vm_deliver, &vm };
	uni_wait_loop(&vm.w, &serve);
	passt_stop();
	return vm_status(&vm);
}
