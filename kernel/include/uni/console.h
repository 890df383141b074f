/* The console: fd 0/1/2 backed by COM1 (stdin, stdout) and COM2 (stderr). */
#ifndef UNI_CONSOLE_H
#define UNI_CONSOLE_H

#include <stddef.h>
#include <sys/types.h>

#define UNI_CONTROL_PORT 0xe9   /* isa-debugcon: text records for uni-run */

/* Sets up COM1 (receive FIFO) and tells uni-run it may send stdin. Once, at boot. */
void uni_console_init(void);

/* Reads stdin as framed by uni-run (0xff 0xff = 0xff, 0xff 0x00 = end of file).
 * Blocks until at least one byte or end of file; returns bytes read, 0 at EOF. */
ssize_t uni_console_read(void *buf, size_t len);
void uni_console_write(int fd, const void *buf, size_t len);
/* Whether host stdin/stdout/stderr is a terminal, as uni-run reported (uni.tty=BITS). */
int uni_console_isatty(int fd);
void uni_console_set_tty(unsigned bits);

/* Runtime messages ("uni: ...") on stderr. */
void uni_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
