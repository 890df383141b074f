/* The console: fds 0-2 of the program (the platform's console: PVH the virtio console or COM1
 * and COM2, process host fds 0-2). */
#ifndef UNI_CONSOLE_H
#define UNI_CONSOLE_H

#include <stddef.h>
#include <sys/types.h>

/* Sets up the platform console (PVH: COM1). Once, at boot. */
void uni_console_init(void);
/* Once memory can be allocated: the platform's faster console device, when there is one (PVH:
 * the virtio console), then tells the host it may send stdin. */
void uni_console_attach(void);

/* Reads stdin (PVH: unframed as uni/abi.h says).
 * Blocks until at least one byte or end of file; returns bytes read, 0 at EOF. */
ssize_t uni_console_read(void *buf, size_t len);
void uni_console_write(int fd, const void *buf, size_t len);
/* The same, but a line of its own: on stderr, after a newline if the last write left a line open
 * (the trace's lines, which uni-run recognises by their start). */
void uni_console_write_line(int fd, const void *buf, size_t len);
/* syscall/trace.c (uni-run --trace): uni_trace_on set by uni.trace; the dispatcher reports each
 * call of the program, done 0 for one that does not return (exit). */
extern int uni_trace_on;
void uni_trace_syscall(const char *name, long n, const long *args, long result, int done);
/* The name of errno e ("ENOENT"), "E?" for one --trace does not name (syscall/trace.c). */
const char *uni_errno_name(long e);
/* Whether host stdin/stdout/stderr is a terminal, as uni-run reported (uni.tty=BITS). */
int uni_console_isatty(int fd);
void uni_console_set_tty(unsigned bits);

/* Runtime messages ("uni: ...") on stderr. */
void uni_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
