/* The console: stdin from COM1 with uni-run's end-of-file framing, stdout to COM1,
 * stderr and runtime messages to COM2. */
#include <stdarg.h>
#include <stdio.h>
#include "uni/console.h"
#include "uni/serial.h"

static int stdin_eof;
static unsigned tty_bits;

static int next_byte(void)
{
	int c;
	while ((c = uni_serial_getc(UNI_COM1)) < 0)
		__builtin_ia32_pause();
	return c;
}

ssize_t uni_console_read(void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t n = 0;
	if (stdin_eof || len == 0)
		return 0;
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
