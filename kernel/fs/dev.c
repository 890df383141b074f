/* Character devices: /dev/null, zero, full, random, urandom, and the console as /dev/tty,
 * /dev/console and descriptors 0-2. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include "uni/console.h"
#include "uni/fs.h"
#include "uni/platform.h"
#include "uni/runtime.h"
#include "uni/serial.h"

static ssize_t null_read(struct uni_file *f, void *buf, size_t len, uint64_t *pos)
{
	(void)f, (void)buf, (void)len, (void)pos;
	return 0;
}

static ssize_t sink_write(struct uni_file *f, const void *buf, size_t len, uint64_t *pos)
{
	(void)f, (void)buf, (void)pos;
	return (ssize_t)len;
}

static ssize_t zero_read(struct uni_file *f, void *buf, size_t len, uint64_t *pos)
{
	(void)f, (void)pos;
	memset(buf, 0, len);
	return (ssize_t)len;
}

static ssize_t full_write(struct uni_file *f, const void *buf, size_t len, uint64_t *pos)
{
	(void)f, (void)buf, (void)len, (void)pos;
	return -ENOSPC;
}

static ssize_t random_read(struct uni_file *f, void *buf, size_t len, uint64_t *pos)
{
	(void)f, (void)pos;
	uni_random_bytes(buf, len);
	return (ssize_t)len;
}

static unsigned dev_ready(struct uni_file *f)
{
	(void)f;
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

/* Devices accept any offset (as Linux's do), so lseek succeeds on them. */
static const struct uni_file_ops null_ops = { .read = null_read, .write = sink_write, .poll = dev_ready, .seekable = 1 };
static const struct uni_file_ops zero_ops = { .read = zero_read, .write = sink_write, .poll = dev_ready, .seekable = 1 };
static const struct uni_file_ops full_ops = { .read = zero_read, .write = full_write, .poll = dev_ready, .seekable = 1 };
static const struct uni_file_ops random_ops = { .read = random_read, .write = sink_write, .poll = dev_ready, .seekable = 1 };

/* --- the console: priv holds its channel (0 stdin, 1 stdout, 2 stderr) --- */

static struct termios tio = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD,
	.c_lflag = ICANON | ECHO | ECHOE | ECHOK | ISIG | IEXTEN,
};
static struct winsize winsz = { .ws_row = 24, .ws_col = 80 };

static int channel(struct uni_file *f)
{
	return (int)(uintptr_t)f->priv;
}

static ssize_t con_read(struct uni_file *f, void *buf, size_t len, uint64_t *pos)
{
	(void)f, (void)pos;
	return uni_console_read(buf, len);
}

static ssize_t con_write(struct uni_file *f, const void *buf, size_t len, uint64_t *pos)
{
	(void)pos;
	uni_console_write(channel(f) == 2 ? 2 : 1, buf, len);
	return (ssize_t)len;
}

static long con_ioctl(struct uni_file *f, unsigned long req, void *arg)
{
	if (req == FIONREAD) {
		*(int *)arg = uni_plat->console_ready() ? 1 : 0;
		return 0;
	}
	/* Redirected host descriptors are pipes or files there, so not terminals here. */
	if (!uni_console_isatty(channel(f)))
		return -ENOTTY;
	switch (req) {
	case TCGETS:
		memcpy(arg, &tio, sizeof tio);
		return 0;
	case TCSETS: case TCSETSW: case TCSETSF:
		memcpy(&tio, arg, sizeof tio);
		return 0;
	case TIOCGWINSZ:
		memcpy(arg, &winsz, sizeof winsz);
		return 0;
	case TIOCSWINSZ:
		memcpy(&winsz, arg, sizeof winsz);
		return 0;
	default:
		return -ENOTTY;
	}
}

static unsigned con_poll(struct uni_file *f)
{
	unsigned ev = POLLOUT | POLLWRNORM;
	if (channel(f) == 0 && uni_plat->console_ready())
		ev |= POLLIN | POLLRDNORM;
	return ev;
}

static void con_stat(struct uni_file *f, struct stat *st)
{
	uni_inode_stat(f->inode, st);
	/* As uni-run saw the host's descriptor: a terminal, or else a pipe. */
	if (uni_console_isatty(channel(f))) {
		st->st_mode = S_IFCHR | 0620;
	} else {
		st->st_mode = S_IFIFO | 0600;
		st->st_rdev = 0;
	}
}

static const struct uni_file_ops con_ops = {
	.read = con_read, .write = con_write, .ioctl = con_ioctl, .poll = con_poll, .stat = con_stat,
};

static int open_null(struct uni_file *f) { f->ops = &null_ops; return 0; }
static int open_zero(struct uni_file *f) { f->ops = &zero_ops; return 0; }
static int open_full(struct uni_file *f) { f->ops = &full_ops; return 0; }
static int open_random(struct uni_file *f) { f->ops = &random_ops; return 0; }

static int open_console(struct uni_file *f)
{
	f->ops = &con_ops;
	f->priv = (void *)(uintptr_t)1;
	return 0;
}

static const struct {
	const char *name;
	struct uni_dev dev;
} devices[] = {
	{ "null", { open_null, 0x103 } },     /* makedev(1, 3) */
	{ "zero", { open_zero, UNI_DEV_ZERO } },
	{ "full", { open_full, 0x107 } },
	{ "random", { open_random, 0x108 } },
	{ "urandom", { open_random, 0x109 } },
	{ "tty", { open_console, 0x500 } },
	{ "console", { open_console, 0x501 } },
};

int uni_dev_populate(void)
{
	struct uni_inode *dev = uni_mkdir_p("/dev", 0755);
	if (!dev || !uni_mkdir_p("/dev/shm", 01777))
		return -ENOMEM;
	for (size_t i = 0; i < sizeof devices / sizeof *devices; i++) {
		const char *name = devices[i].name;
		if (uni_dir_lookup(dev, name, strlen(name)))
			continue;   /* the rootfs brought its own */
		struct uni_inode *n = uni_inode_new(S_IFCHR | 0666);
		if (!n)
			return -ENOMEM;
		n->dev = &devices[i].dev;
		if (uni_dir_link(dev, name, strlen(name), n))
			return -ENOMEM;
	}
	return 0;
}

int uni_console_files(void)
{
	struct uni_walk w;
	int r = uni_walk(AT_FDCWD, "/dev/console", UNI_WALK_FOLLOW, &w);
	if (r || !w.node)
		return r ? r : -ENOENT;
	static const int modes[3] = { O_RDONLY, O_WRONLY, O_WRONLY };
	for (int fd = 0; fd < 3; fd++) {
		struct uni_file *f = uni_file_new(w.node, &con_ops, modes[fd]);
		if (!f)
			return -ENOMEM;
		f->priv = (void *)(uintptr_t)fd;
		uni_fd_install_at(f, fd, 0);
	}
	return 0;
}
