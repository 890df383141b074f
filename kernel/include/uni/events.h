/* Readiness of open files for poll, select and epoll, and the timerfd deadlines that bound
 * their waits. */
#ifndef UNI_EVENTS_H
#define UNI_EVENTS_H

#include <stdint.h>
#include "uni/fs.h"
#include "uni/weak.h"

/* Ready events of f now (POLLIN, POLLOUT, POLLHUP, POLLERR...); files without a poll
 * operation (regular files, directories) are always readable and writable. */
unsigned uni_file_ready(struct uni_file *f);
/* Whether f's readiness changes without anyone calling uni_wake (a polled device). */
int uni_file_polled(struct uni_file *f);

/* Earliest expiry of any armed timerfd (monotonic ns), 0 if none: multi-file waits use it
 * as a deadline so a timerfd becomes readable on time. Weak: timerfd is in an image only
 * when its program calls timerfd_create (syscall/table.h), else there is none to wait for. */
uint64_t uni_timerfd_next(void) UNI_WEAK_FN;

/* A descriptor for a new file with ops and private state priv (uni_kalloc'ed; the file
 * owns it from here, even on failure, and frees it in uni_anon_release, which such ops use
 * as release). Returns the fd or -errno. */
int uni_anon_file(const struct uni_file_ops *ops, void *priv, size_t priv_len, int flags, int cloexec);
void uni_anon_release(struct uni_file *f);

/* Blocks until cond(arg) or the deadline (0 = none); wakes on any file's change. */
int uni_wait_any(int (*cond)(void *), void *arg, uint64_t deadline, int polled);

#endif
