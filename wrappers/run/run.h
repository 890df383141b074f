/* run.h: the pieces of uni-run (boot an image like `docker run` runs a container). */
#ifndef UNI_RUN_H
#define UNI_RUN_H

#include "../common/uni.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Exit statuses of uni-run itself, after docker's conventions. */
#define RUN_EXIT_ERROR 125   /* uni-run's own errors: options, image, QEMU */
#define RUN_EXIT_TIMEOUT 124 /* --timeout expired (as timeout(1)) */

/* What the command line asked for. */
struct run_opts {
	const char *image;
	char **args;        /* guest argv[1..] */
	int nargs;
	struct strv env;    /* K=V, in order */
	const char *mem;
	double timeout;     /* seconds; < 0 when none */
	const char *accel;  /* "auto", "kvm" or "tcg" */
	const char *qemu;
	struct strv qemu_args; /* --qemu-arg, appended last */
	struct strv volumes;   /* -v HOST:GUEST[:ro], host paths checked to exist */
	int verbose;
	int cpus;           /* --cpus, else $UNI_CPUS, else 1 */
};

/* Prints "uni-run: MSG" to stderr and exits RUN_EXIT_ERROR. */
void run_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Parses argv into o; prints usage and exits on -h or on an error (RUN_EXIT_ERROR). */
void opts_parse(struct run_opts *o, int argc, char **argv);

/* An image file mapped read-only. kind says how to run it. */
enum image_kind { IMAGE_PVH, IMAGE_LINUX, IMAGE_MICROVM };
struct image {
	const char *path;
	const unsigned char *data;
	size_t size;
	enum image_kind kind;
	const char *kernel; /* IMAGE_MICROVM: the kernel to boot it with (checked to exist) */
};
/* Maps and classifies path; fails naming the file unless it is a PVH image, a linux-microvm
 * initramfs packed for the kernel in our sysroot, or a static x86_64 Linux executable. */
void image_open(struct image *im, const char *path);

/* linux-microvm: the smallest -m that Debian's kernel boots with our initramfs, plus margin. */
#define MICROVM_MIN_MEM_MB 80

/* Function symbols of an image, sorted by address, for symbolizing backtraces. */
struct sym {
	uint64_t addr, end; /* end: addr + size, or the next symbol's address when size is 0 */
	const char *name;   /* points into the mapped image */
};
struct symtab {
	struct sym *v;
	size_t n;
};
/* Reads .symtab; an image without one gives an empty table. */
void symtab_load(struct symtab *t, const struct image *im);
/* Returns the symbol containing addr, or NULL. */
const struct sym *symtab_find(const struct symtab *t, uint64_t addr);

/* Copies guest stderr to fd 2 line by line, appending " func+0xOFF" to backtrace lines. */
struct errlines {
	const struct image *im;
	struct symtab syms; /* loaded at the first backtrace line: most runs never need it */
	int syms_loaded;
	char buf[4096];
	size_t len;
	int written; /* the start of the current line already went out: it is no backtrace line */
};
void errlines_feed(struct errlines *e, const char *data, size_t n);
/* Writes out a pending partial line (at end of stream). */
void errlines_flush(struct errlines *e);

/* Writes all of buf to fd, waiting out EAGAIN and EINTR; returns -1 on any other error. */
int write_full(int fd, const void *buf, size_t n);

/* Host TSC frequency in kHz, from the per-boot cache or a ~20 ms calibration. */
long tsc_khz(void);

/* Resolves "auto"/"kvm"/"tcg" to "kvm" or "tcg"; *why explains the choice. Fails when kvm
 * is asked for explicitly and cannot be used. */
const char *accel_choose(const char *want, const char **why);

/* The PVH command line: percent-encoded runtime options, "--", argv. Fails if it is longer
 * than QEMU can pass. A linux-microvm guest gets Linux's own parameters first (and Linux's
 * shorter limit); its init reads the rest from /proc/cmdline. */
char *kcmdline_build(const struct run_opts *o, const struct image *im, long tsc_khz, long long wall_ns);

/* Everything QEMU needs besides the options. */
struct vm_conf {
	const struct image *im;
	const char *accel;
	const char *append;
	int err_fd; /* pipe write end that QEMU inherits: COM2, guest stderr */
	int ctl_fd; /* pipe write end that QEMU inherits: port 0xe9 control records */
	const char *volumes; /* the -v directories packed as one boot module, or NULL */
};
/* Packs every -v directory into one temporary file (removed at exit) for -initrd: uni
 * archives, the boot module the runtime mounts; for linux-microvm, the image's initramfs
 * followed by a cpio of the volumes. NULL without -v. Symlinks are kept; device nodes,
 * sockets and fifos are skipped with a warning. */
const char *volumes_pack(const struct run_opts *o, const struct image *im);

/* The one place that knows QEMU's command line. */
void qemu_argv_build(struct strv *argv, const struct run_opts *o, const struct vm_conf *c);

/* Prints argv to stderr as one shell-quoted line, prefixed "uni-run: ". */
void print_argv(char *const *argv);

/* Signals and the --timeout deadline, polled by the run loops. */
struct signalfd_siginfo;
struct watch {
	int fd; /* signalfd for SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP */
	sigset_t old_mask;
	double deadline, timeout;
};
/* Blocks the watched signals (read them from w->fd instead) and ignores SIGPIPE. */
void watch_start(struct watch *w, double timeout);
/* In a forked child before exec: undo watch_start. */
void watch_child(const struct watch *w);
/* The poll timeout in ms until the deadline, or -1 without one. */
int watch_poll_ms(const struct watch *w);
/* Once the deadline has passed: SIGKILLs pid, says so on stderr and returns 1 (only once). */
int watch_expired(struct watch *w, pid_t pid, const char *image);
/* Reads one pending signal; returns 0 when none is pending. */
int watch_signal(const struct watch *w, struct signalfd_siginfo *si);

/* Boot an image under QEMU / run a linux-platform executable; both return the exit status. */
int vm_run(const struct run_opts *o, const struct image *im);
int native_run(const struct run_opts *o, const struct image *im);

#endif
