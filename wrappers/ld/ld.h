/* ld.h: uni-ld's option table and the runner that summarises undefined symbols. */
#ifndef UNI_LD_H
#define UNI_LD_H

#include "../common/uni.h"

#include <stdio.h>

enum ld_arg {
	LA_NONE,   /* exactly the name */
	LA_SEP,    /* value in the next argument, or after '=' */
	LA_EITHER, /* short option: -Ldir or -L dir */
};

enum ld_class {
	L_PASS,          /* passed through; listed so its value is not taken for an input */
	L_LIBDIR,        /* -L: filtered so no host library directory leaks in */
	L_LIB,           /* -l: a linker input */
	L_RELOCATABLE,   /* -r: no crt files, libraries or image layout */
	L_REFUSE,
	L_INFO,          /* -v --version --help: without inputs, ld just answers */
	L_PLATFORM,      /* --uni-* options come from uni-cc and are consumed */
	L_NOSTARTFILES,
	L_NODEFAULTLIBS,
	L_ROOTFS,        /* --rootfs DIR: consumed; DIR is packed into the image */
	L_CPUS,          /* --cpus N: consumed; the image asks uni-run for N CPUs */
	L_OUTPUT,        /* -o: passed through; linux-microvm packs that file afterwards */
	L_KEYWORD,       /* -z KEYWORD: passed through; -z norelro also leaves an image's RELRO writable */
	L_PIE,           /* -pie: an image is position-independent anyway; consumed */
	L_NOPIE,         /* -no-pie, --uni-no-pie (uni-cc's for -no-pie): an image at a fixed address */
};

struct ld_opt {
	const char *name; /* long options are spelled with one dash; ld accepts one or two */
	enum ld_arg arg;
	enum ld_class cls;
	const char *why;  /* L_REFUSE: the message */
};

/* Table entry for arg (without its value), or NULL for an unknown option. */
const struct ld_opt *ld_lookup(const char *arg);

/* Runs the host ld, echoing its stderr, then names each undefined symbol and its user; returns
 * ld's exit status. With pie_refused, a position-independent link: when ld refuses it for an
 * object that is not position-independent code, nothing is echoed, *pie_refused is set and
 * names that object. */
int ld_run(char *const argv[], char **pie_refused);
/* Runs argv (ld) with each line of its stderr handed to each(); returns its exit status. */
int ld_run_lines(char *const argv[], void (*each)(char *line, void *ctx), void *ctx);

/* imagecheck.c: functions an image links but cannot run as a Linux process would (fork, exec,
 * spawning, dlopen, SysV IPC). image_check_trace adds ld's -y for each to the link; the link's
 * trace lines go to image_check_line (true: consumed); after a successful link
 * image_check_report finds the callers with a second, --wrap link, warns (UNI_STRICT=1: fails
 * and removes output) and returns the exit status. */
void image_check_trace(struct strv *cmd);
/* The pvh runtime's wrappers of libc functions (kernel/links/) and its file of --wrap options,
 * given the runtime's directory: in every image link but the image check's own. */
const char *links_archive(const char *rt);
const char *links_rsp(const char *rt);
bool image_check_line(const char *line, const char *prefix);
int image_check_report(char *const argv[], const char *output);

#include "../common/cpio.h"

/* linux-microvm: replaces the static executable at path by the initramfs that boots it (see
 * docs/ARCHITECTURE.md); dies naming the fix when Debian's kernel or the init shim is missing. */
void microvm_pack(const char *path);

/* A new path name in uni-ld's temporary directory; the file goes away at exit. */
const char *ld_tmp_path(const char *name);
/* Assembles text into a temporary object name.o; returns its path. */
const char *ld_assemble(const char *name, const char *text);

/* Packs dir (uni-ld --rootfs) into an object file for the link; returns its path. */
const char *rootfs_object(const char *dir);
/* The object carrying the image's CPU-count note (uni-ld --cpus); dies on a bad count. */
const char *cpus_note_object(const char *count);
/* sum.c: the checksum note every pvh image carries (zero when linked), and filling it in. */
const char *sum_note_object(void);
void sum_write(const char *path);
/* output.c: the image at path mapped shared and writable (its size in *size); dies naming step
 * when it cannot be. */
unsigned char *output_map(const char *path, const char *step, size_t *size);
/* pie.c: marks the position-independent image at path ET_DYN and returns true, or warns and
 * returns false when it needs relocations its start cannot apply (link it again at a fixed
 * address then). */
bool pie_finish(const char *path);
/* symtrim.c: drops from a linked image's symbol table what no tool reads from it (the source
 * files' names, local data); leaves an image it cannot rewrite as ld wrote it. */
void symtrim_write(const char *path);

#endif
