/* uni.h: helpers shared by the uni drivers (out dir, argv vectors, processes, response files). */
#ifndef UNI_COMMON_H
#define UNI_COMMON_H

#include <stdbool.h>
#include <stddef.h>

/* UNI_TRIPLE and UNI_PLATFORMS (space-separated, default first) come from toolchains/target.txt
 * through the Makefile, UNI_VERSION from the file VERSION at the top of the tree. */

/* ELF notes named "uni" in an image (UNI_NOTE_*) and everything else uni-run and the runtime
 * agree on: the runtime's contract header. */
#include "uni/abi.h"

/* A growable NULL-terminated argv. Strings are borrowed, never freed: drivers live briefly. */
struct strv {
	char **v;
	size_t n, cap;
};
void strv_push(struct strv *s, const char *arg);
void strv_pushf(struct strv *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strv_append(struct strv *s, const struct strv *t);

/* Messages are prefixed with the driver's name: name, or argv0's basename when name is NULL.
 * Each main() calls uni_init first. */
void uni_init(const char *argv0, const char *name);
extern const char *uni_prog;
void uni_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
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

/* Runs argv and returns its stdout with trailing newlines removed; dies if it cannot run or fails. */
char *uni_capture(char *const argv[]);
/* Runs argv with stdout into *out (NUL-terminated, *len bytes); its exit status, 127 when it
 * could not be run, 128+N when signal N ended it. */
int uni_capture_status(char *const argv[], char **out, size_t *len);
/* execvp, or die naming the program. */
void uni_exec(char *const argv[]) __attribute__((noreturn));
/* Prints argv to stderr as one shell-like line (for -v). */
void uni_print_cmd(char *const argv[]);

/* Expands @file arguments (gcc/ld syntax, nested) into out; an unreadable @file stays literal. */
void uni_expand_rsp(int argc, char **argv, struct strv *out);

#endif
