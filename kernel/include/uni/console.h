/* The console: fds 0-2 of the program (the platform's console: PVH COM1 and COM2, process host fds 0-2). */
#ifndef UNI_CONSOLE_H
#define UNI_CONSOLE_H

#include <stddef.h>
#include <sys/types.h>

/* Sets up the platform console (PVH: COM1, then tells uni-run it may send stdin). Once, at boot. */
void uni_console_init(void);

/* Reads stdin (PVH: unframed as uni/abi.h says).
 * Blocks until at least one byte or end of file; returns bytes read, 0 at EOF. */
ssize_t uni_console_read(void *buf, size_t len);
void uni_console_write(int fd, const void *buf, size_t len);
/* Whether host stdin/stdout/stderr is a terminal, as uni-run reported (uni.tty=BITS). */
int uni_console_isatty(int fd);
void uni_console_set_tty(unsigned bits);

/* Runtime messages ("uni: ...") on stderr. */
void uni_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
