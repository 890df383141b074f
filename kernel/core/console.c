/* The console: stdin from COM1 with uni-run's end-of-file framing, stdout to COM1,
 * stderr and runtime messages to COM2. */
#include <stdarg.h>
#include <stdio.h>
#include "uni/console.h"
#include "uni/io.h"
#include "uni/runtime.h"
#include "uni/serial.h"
#include "uni/wait.h"

/* The UART raises no interrupt here: a reader spins for a moment (data in flight arrives
 * within microseconds), then sleeps and re-checks every millisecond. */
#define SPIN_NS 500000ull

static int stdin_eof;
static unsigned tty_bits;
static struct uni_waitq stdin_wq = { .polled = 1 };

static int byte_ready(void *unused)
{
	(void)unused;
	return uni_serial_ready(UNI_COM1);
}

static int wait_for_byte(void)
{
	uint64_t until = uni_clock_ns() + SPIN_NS;
	while (!byte_ready(0)) {
		if (uni_clock_ns() >= until)
			return uni_wait(&stdin_wq, byte_ready, 0, 0);
		__builtin_ia32_pause();
	}
	return 0;
}

static int next_byte(void)
{
	int c;
	while ((c = uni_serial_getc(UNI_COM1)) < 0)
		__builtin_ia32_pause();
	return c;
}

void uni_console_init(void)
{
	uni_serial_init(UNI_COM1);
	/* uni-run holds stdin back until this record: bytes sent earlier would be lost. */
	static const char rec[] = "stdin\n";
	for (const char *p = rec; *p; p++)
		outb(UNI_CONTROL_PORT, (uint8_t)*p);
}

ssize_t uni_console_read(void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t n = 0;
	if (stdin_eof || len == 0)
		return 0;
	int r = wait_for_byte();
	if (r)
		return r;
	/* Block for the first byte, then take only what is already waiting, like a pipe. */
	do {
		int c = next_byte();
		if (c == 0xff && next_byte() == 0x00) {
			stdin_eof = 1;
			break;
		}
		p[n++] = (unsigned char)c;
	} while (n < len && uni_serial_ready(UNI_COM1));
	return (ssize_t)n;
}

void uni_console_write(int fd, const void *buf, size_t len)
{
	uni_serial_write(fd == 2 ? UNI_COM2 : UNI_COM1, buf, len);
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
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	uni_serial_write(UNI_COM2, "uni: ", 5);
	uni_serial_write(UNI_COM2, buf, (size_t)n);
}
