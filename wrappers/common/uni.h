/* uni.h: helpers shared by the uni drivers (out dir, argv vectors, processes, response files). */
#ifndef UNI_COMMON_H
#define UNI_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* UNI_TRIPLE and UNI_PLATFORMS (space-separated, default first) come from toolchains/target.txt
 * through the Makefile, UNI_VERSION from the file VERSION at the top of the tree. */

/* ELF notes named "uni" in an image (UNI_NOTE_*) and everything else uni-run and the runtime
 * agree on: the runtime's contract header. */
#include "uni/abi.h"

/* Spawning, capturing and waiting for other programs. */
#include "proc.h"

/* A growable NULL-terminated argv. Strings are borrowed, never freed: drivers live briefly. */
struct strv {
	char **v;
	size_t n, cap;
};
void strv_push(struct strv *s, const char *arg);
void strv_pushf(struct strv *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strv_append(struct strv *s, const struct strv *t);

/* Messages are "PROG: STEP: CAUSE (fix: ...)", PROG the driver's name: name, or argv0's
 * basename when name is NULL. Each main() calls uni_init first; status is what uni_die exits
 * with (1, or uni-run's 125 as documented in its usage). */
void uni_init(const char *argv0, const char *name, int status);
extern const char *uni_prog;
/* Prints "PROG: " and the message (fmt says STEP: CAUSE (fix: ...)) and exits with status. */
void uni_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Prints "PROG: " and the message, for those that add more before exiting. */
void uni_vmessage(const char *fmt, va_list ap);
void uni_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *uni_xmalloc(size_t n);
char *uni_xstrdup(const char *s);
char *uni_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *uni_basename(const char *path);

/* out/ is dirname(dirname(realpath(/proc/self/exe))); the sysroot is out/sysroot. */
const char *uni_out_dir(void);
const char *uni_sysroot(void);
/* Points out/toolchains' Meson cross files at out/'s present place if it moved (follow.c). */
void uni_follow_out(void);
/* realpath(), or NULL when path does not exist. */
char *uni_realpath(const char *path);
/* Dies naming the fix when the sysroot is missing. */
void uni_require_sysroot(void);

/* Platforms: pvh (bootable image), linux (static Linux executable), as listed in UNI_PLATFORMS.
 * Returns the platform named by opt (may be NULL), else $UNI_PLATFORM, else the first one; dies
 * if unknown. */
const char *uni_platform(const char *opt);

/* An option of a driver's table as uni_walk_args found it. */
struct uni_opt_use {
	const char *arg;   /* the argument as given */
	const char *value; /* glued on, after '=', or the next argument; NULL when it takes none */
	bool separate;     /* the value is the next argument */
};
/* For each argument: an input (not an option, or "-") is counted in *inputs and kept in out;
 * otherwise find returns the driver's table entry for it, with use->value and use->separate
 * set (NULL: an option passed through as it is). A separate value is taken from the next
 * argument (dying when there is none), and take says whether the option (with that value)
 * stays in out. */
void uni_walk_args(int argc, char **argv, struct strv *out, int *inputs,
		   const void *(*find)(const char *arg, struct uni_opt_use *use),
		   bool (*take)(const void *entry, const struct uni_opt_use *use, void *ctx), void *ctx);

/* Expands @file arguments (gcc/ld syntax, nested) into out; an unreadable @file stays literal. */
void uni_expand_rsp(int argc, char **argv, struct strv *out);

#endif
