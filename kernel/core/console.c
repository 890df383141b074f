/* The console: fds 0-2 of the program over the platform's console (uni/platform.h), and the
 * runtime's own messages on stderr. */
#include <stdarg.h>
#include <stdio.h>
#include "uni/console.h"
#include "uni/platform.h"
#include "uni/runtime.h"
#include "uni/wait.h"

/* Console input raises no interrupt: a reader spins for a moment (data in flight arrives
 * within microseconds), then sleeps and re-checks every millisecond. */
#define SPIN_NS 500000ull

static int stdin_eof;
static unsigned tty_bits;
static struct uni_waitq stdin_wq = { .polled = 1 };

static int byte_ready(void *unused)
{
	(void)unused;
	return uni_plat->console_ready();
}

static int wait_for_input(void)
{
	uint64_t until = uni_clock_ns() + SPIN_NS;
	while (!byte_ready(0)) {
		if (uni_clock_ns() >= until)
			return uni_wait(&stdin_wq, byte_ready, 0, 0);
		__builtin_ia32_pause();
	}
	return 0;
}

void uni_console_init(void)
{
	uni_plat->console_init();
}

void uni_console_attach(void)
{
	if (uni_plat->console_attach)
		uni_plat->console_attach();
}

ssize_t uni_console_read(void *buf, size_t len)
{
	if (stdin_eof || len == 0)
		return 0;
	/* Block for the first byte, then take only what is already waiting, like a pipe. */
	for (;;) {
		int r = wait_for_input();
		if (r)
			return r;
		ssize_t n = uni_plat->console_read(buf, len);
		if (n < 0) {
			stdin_eof = 1;
			return 0;
		}
		if (n > 0)
			return n;
	}
}

static int err_midline;   /* the last byte written to stderr was not a newline */

void uni_console_write(int fd, const void *buf, size_t len)
{
	uni_plat->console_write(fd == 2 ? 2 : 1, buf, len);
	if (fd == 2 && len)
		err_midline = ((const char *)buf)[len - 1] != '\n';
}

void uni_console_write_line(int fd, const void *buf, size_t len)
{
	if (fd == 2 && err_midline)
		uni_console_write(2, "\n", 1);
	uni_console_write(fd, buf, len);
}

int uni_console_isatty(int fd)
{
	return fd >= 0 && fd <= 2 && (tty_bits >> fd & 1);
}

void uni_console_set_tty(unsigned bits)
{
	tty_bits = bits;
}

void uni_log(const char *fmt, ...)
{
	char buf[512] = "uni: ";
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + 5, sizeof buf - 6, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof buf - 7)
		n = sizeof buf - 7;
	n += 5;
	buf[n++] = '\n';
	uni_console_write(2, buf, (size_t)n);
}
