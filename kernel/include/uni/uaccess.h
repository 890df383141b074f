/* Checking the pointers a program passes to syscalls, so that a bad one fails the call with
 * EFAULT, as on Linux, instead of crashing the runtime (core/uaccess.c, syscall/uargs.c). */
#ifndef UNI_UACCESS_H
#define UNI_UACCESS_H

#include <stddef.h>
#include "uni/trap.h"

/* 0 if the n bytes at p can be read (write: and written), else -EFAULT. Device memory
 * (mapped for the drivers) counts as bad. */
long uni_user_check(const void *p, size_t n, int write);
/* 0 if s is a readable NUL-terminated string shorter than max bytes; -EFAULT, or
 * -ENAMETOOLONG when no NUL comes within max bytes. */
long uni_user_string(const char *s, size_t max);
/* From core/crash.c: a fault at a probe resumes at its fixup (does not return then). */
void uni_user_fixup(const struct uni_trap_frame *f, const void *xsave);
/* From the dispatcher: the pointer arguments of syscall n checked by its entry in
 * syscall/uargs.c; 0 or -errno. */
long uni_syscall_check_args(long n, const long *args);

#endif
