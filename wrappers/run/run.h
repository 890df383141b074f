/* run.h: the pieces of uni-run (boot an image like `docker run` runs a container). */
#ifndef UNI_RUN_H
#define UNI_RUN_H

#include "../common/uni.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Exit status of uni-run's own errors (options, image, QEMU), after docker's conventions; its
 * uni_die exits with it. --timeout gives UNI_EXIT_TIMEOUT, 124, as timeout(1). */
#define RUN_EXIT_ERROR 125

/* Networking (docs/NETWORKING.md): what -p, --net, --ip, --gw and --dns asked for (net_opts.c),
 * completed for the image by net_plan (net_plan.c). Addresses are in host byte order. */
#define NET_MAX_NICS 8 /* microvm has 8 virtio-mmio slots */
#define NET_MAX_DNS 3 /* as resolv.conf's MAXNS */
enum nic_kind { NIC_USER, NIC_TAP };
struct nic {
	enum nic_kind kind;
	const char *ifname; /* NIC_TAP */
	char mac[18];       /* NIC_TAP: random 52:54:00:xx:xx:xx, so VMs on one bridge differ */
};
struct forward {
	const char *spec;  /* the -p argument, for messages */
	const char *proto; /* "tcp" or "udp" */
	uint32_t host_ip;  /* 127.0.0.1 unless given */
	int host_port;     /* 0 until net_plan picks a free one (-p GUESTPORT, -p IP::GUESTPORT) */
	int guest_port;
};
struct net_opts {
	struct nic nics[NET_MAX_NICS];
	int n_nics;
	int none;              /* --net none */
	struct forward *fwd;
	int n_fwd;
	uint32_t ip, gw;       /* --ip (prefix > 0 when given), --gw (have_gw) */
	int prefix, have_gw;
	uint32_t dns[NET_MAX_DNS];
	int n_dns;
	const char *first;     /* the first networking option given ("-p", "--net"...), or NULL */
	int fwd_nic;           /* net_plan: index of the user-mode NIC that carries the forwards */
	const char *user_net;  /* --user-net or $UNI_USER_NET: "auto", "passt", "slirp", or NULL */
	int passt;             /* --net user NICs are passt's (net_plan for a VM; always on the process platform) */
};

/* -v HOST:/GUEST[:rw|:ro|:copy] (docs/ARCHITECTURE.md, Volumes): persistent (the default and
 * :rw: the guest's changes reach HOST as they are made, over 9P), read-only, or a copy whose
 * changes stay in the guest. Volume i is the boot module's archive i (UNI_VOL_TAG "i"). */
enum volume_mode { VOLUME_SHARED, VOLUME_RO, VOLUME_COPY };
struct volume {
	const char *spec;   /* the -v argument, for messages */
	const char *host;   /* checked to be a directory */
	const char *guest;  /* absolute */
	enum volume_mode mode;
};
struct volumes {
	struct volume *v;
	size_t n;
};

/* What the command line asked for. */
struct run_opts {
	const char *image;
	char **args;        /* guest argv[1..] */
	int nargs;
	struct strv env;    /* K=V, in order: -e's, then (env_build) the guest's whole environment */
	int host_env;       /* --host-env: uni-run's environment goes to the guest (env.c) */
	const char *workdir; /* -w: the guest's working directory (absolute), or NULL */
	const char *mem;
	double timeout;     /* seconds; < 0 when none */
	const char *accel;  /* "auto", "kvm", "tcg" or "process" */
	const char *qemu;
	struct strv qemu_args; /* --qemu-arg, appended last */
	struct volumes volumes; /* -v, in order */
	const char *machine;   /* "microvm" or "q35" */
	struct net_opts net;
	int verbose;
	int accel_from_env; /* o->accel is $UNI_ACCEL's: a preference, not an order */
	int cpus;           /* --cpus, else $UNI_CPUS, else what the image asks for, else 1 */
	int trace;          /* --trace: the runtime reports each syscall (uni.trace) */
	const char *trace_file; /* --trace=FILE: those lines go there, not to stderr */
	int gdb_port;       /* --gdb: QEMU's gdb server on this port, the VM paused; else 0 */
};

/* Parses argv into o; prints usage and exits on -h or on an error (RUN_EXIT_ERROR). */
void opts_parse(struct run_opts *o, int argc, char **argv);
/* Makes o->env the guest's whole environment (env.c): defaults, --host-env, -e. */
void env_build(struct run_opts *o);

/* The option parsers of net_opts.c: each checks its argument and fails naming it. */
void net_opt_net(struct net_opts *n, const char *arg);
void net_opt_publish(struct net_opts *n, const char *arg);
void net_opt_ip(struct net_opts *n, const char *arg);
void net_opt_gw(struct net_opts *n, const char *arg);
void net_opt_dns(struct net_opts *n, const char *arg);
/* Parses a dotted quad without leading zeros; returns 0 on success. */
int ipv4_parse(const char *s, uint32_t *addr);
/* Formats addr as a dotted quad (a new string). */
char *ipv4_str(uint32_t addr);

/* An image file mapped read-only. kind says how to run it. */
enum image_kind { IMAGE_PVH, IMAGE_LINUX, IMAGE_MICROVM };
struct image {
	const char *path;
	const unsigned char *data;
	size_t size;
	enum image_kind kind;
	const char *kernel; /* IMAGE_MICROVM: the kernel to boot it with (checked to exist) */
	int cpus;           /* IMAGE_PVH: the vCPUs it asks for (uni-ld --cpus), else 0 */
	unsigned platforms; /* IMAGE_PVH: UNI_PLATFORM_* bits of its ABI note */
};
/* Maps and classifies path; fails naming the file unless it is a PVH image, a linux-microvm
 * initramfs packed for the kernel in our sysroot, or a static x86_64 Linux executable. */
void image_open(struct image *im, const char *path);
/* validate.c: whether an image without a usable PVH note bears other marks of a pvh link
 * (then it is a damaged PVH image, never run natively); and, for a PVH image, the checks
 * before booting: headers, segments, notes, and -m against what it needs. Fails with 125. */
int image_pvh_marked(const struct image *im);
void image_validate(const struct image *im, const struct run_opts *o);

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
/* 1 when the image's .symtab defines name, 0 when it does not, -1 when it has no .symtab. */
int symtab_defines(const struct image *im, const char *name);

/* srcline.c: whether the image has a DWARF line table (.debug_line), and the "file:line" of
 * addr into out (1; 0 when there is none or addr2line is missing). */
int image_has_debug_line(const struct image *im);
int srcline(const struct image *im, uint64_t addr, char *out, size_t size);

/* Completes o->net for the image, before anything boots: refuses networking for images that
 * cannot have it (no uni_net_stack, linux and linux-microvm platforms), adds the default NIC,
 * derives the user network of a static --ip, checks that the host ports are free and picks
 * the ones left to uni-run. */
void net_plan(struct run_opts *o, const struct image *im);
/* Once passt is known to carry the first NIC: its address, gateway and DNS as a static --ip. */
void net_passt_static(struct net_opts *n);
/* Once QEMU runs: one line per forward on stderr ("uni-run: 127.0.0.1:8080 -> guest port 80/tcp"). */
void net_print_forwards(const struct net_opts *n);
/* The QEMU arguments of the NICs (-global, -netdev, -device); none without NICs. net_fd[i]:
 * the socket to passt that QEMU inherits for user NIC i when o->net.passt. */
void qemu_net_args(struct strv *a, const struct run_opts *o, const int *net_fd);

/* Binds a socket of proto ("tcp" or "udp") to ip:*port, or to a free port when *port is 0
 * (written back), and returns it; fails naming the cause and the fix (spec is the -p argument).
 * Holding the sockets until all forwards are planned keeps two from getting the same port;
 * they are closed before QEMU starts, which then binds the ports itself. */
int port_bind(uint32_t ip, int *port, const char *proto, const char *spec);

/* Copies guest stderr to fd 2 line by line, appending " func+0xOFF" to backtrace lines, and
 * " at FILE:LINE" when the image has debug information. */
struct errlines {
	const struct image *im;
	struct symtab syms; /* loaded at the first backtrace line: most runs never need it */
	int syms_loaded;
	int debug_line; /* the image has .debug_line: lines get " at FILE:LINE" (known with syms) */
	char buf[4096];
	size_t len;
	int written; /* the start of the current line already went out: it is no backtrace line */
	int trace_fd; /* --trace=FILE: where "uni-trace: " lines go (without the prefix), else -1 */
	uint64_t delta; /* the image's offset from its link address, from the report's line */
};
/* The errlines of an image: trace_fd opened from --trace=FILE (fails naming it). */
void errlines_init(struct errlines *e, const struct image *im, const struct run_opts *o);
void errlines_feed(struct errlines *e, const char *data, size_t n);
/* Writes out a pending partial line (at end of stream). */
void errlines_flush(struct errlines *e);

/* vcon.c, the virtio console's host end: the guest's frames (uni/abi.h) fed in as they come,
 * stdout payload written to fd 1 and stderr payload to the errlines, in the guest's order. */
struct vcon_out {
	unsigned char hdr[UNI_VCON_HDR];
	int hdr_n;
	int stream;    /* of the frame being read */
	uint32_t left; /* its payload still to come */
	int out_failed; /* fd 1 refused a write: the rest of stdout is dropped */
};
void vcon_out_feed(struct vcon_out *v, struct errlines *e, const unsigned char *p, size_t n);
/* Reads up to max - UNI_VCON_HDR bytes of our stdin into one UNI_VCON_STDIN frame at frame
 * and returns its length: UNI_VCON_HDR alone at the end of stdin (or on a read error), 0 when
 * nothing could be read yet. */
size_t vcon_stdin_frame(unsigned char *frame, size_t max);

/* Writes all of buf to fd, waiting out EAGAIN and EINTR; returns -1 on any other error. */
int write_full(int fd, const void *buf, size_t n);

/* Host TSC frequency in kHz, from the per-boot cache or a ~20 ms calibration. */
long tsc_khz(void);
/* The host's CLOCK_REALTIME (ns) and TSC read at one instant: uni.wall and uni.wall_tsc. A
 * guest that reads the host's TSC (KVM on PVM hosts) sets its clock from them exactly. */
void wall_and_tsc(long long *wall_ns, uint64_t *tsc);
/* Answers the guest's "clock" control record (sent when its TSC is not the host's: TCG, and
 * KVM where the guest's TSC starts at 0): the host's CLOCK_REALTIME in ns, 8 bytes
 * little-endian, written to fd, COM2's input. */
void clock_answer(int fd);

/* Resolves o->accel ("auto", "kvm", "tcg", "process") for a PVH or linux-microvm image to
 * "kvm", "tcg" or "process"; *why explains the choice. auto: KVM when usable, else the process
 * platform when it can run the image with these options, else TCG. Fails when kvm or process
 * is asked for explicitly and cannot be used. */
const char *accel_choose(const struct run_opts *o, const struct image *im, const char **why);

/* The PVH command line: percent-encoded runtime options, "--", argv (tsc_khz 0: no clock
 * options, for the process platform, which reads the host's clock; signals: uni.signals=1). Fails if it is longer
 * than QEMU can pass. A linux-microvm guest gets Linux's own parameters first (and Linux's
 * shorter limit); its init reads the rest from /proc/cmdline. */
char *kcmdline_build(const struct run_opts *o, const struct image *im, long tsc_khz, long long wall_ns,
		     uint64_t wall_tsc, int signals);
/* Whether a PVH guest under accel ("kvm" or "tcg") can take signals (uni.signals): not under
 * PVM's KVM, where ring 3 cannot turn interrupts on. */
int accel_takes_signals(const char *accel);

/* Everything QEMU needs besides the options. */
struct vm_conf {
	const struct image *im;
	const char *accel;
	const char *append;
	int err_fd; /* socket that QEMU inherits: COM2, guest stderr out, clock answers in */
	int ctl_fd; /* pipe write end that QEMU inherits: port 0xe9 control records */
	int con_fd; /* socket that QEMU inherits: the virtio console's port (pvh), else -1 */
	const char *volumes; /* the -v directories packed as one boot module, or NULL */
	const char *kernel;  /* the image file to boot: the image, or gdb_image's copy */
	int net_fd[NET_MAX_NICS]; /* sockets to passt that QEMU inherits (user NICs), else -1 */
};
/* tempfile.c: a new temporary file named NAME.XXXXXX in TMPDIR, removed when uni-run exits:
 * its descriptor, its path in *path; dies naming opt when it cannot be made. */
int temp_file(const char *opt, const char *name, const char **path);
/* gdb_image.c: the file --gdb boots for a position-independent image, a copy that stays at
 * its link addresses; else the image itself. */
const char *gdb_image(const struct run_opts *o, const struct image *im);
/* Packs every -v directory into one temporary file (removed at exit) for -initrd: uni
 * archives, the boot module the runtime mounts; for linux-microvm, the image's initramfs
 * followed by a cpio of the volumes. NULL without -v. Symlinks are kept; device nodes,
 * sockets and fifos are skipped with a warning. */
const char *volumes_pack(const struct run_opts *o, const struct image *im);
/* Whether volume i of o is served persistent for im: mode VOLUME_SHARED on a PVH image (a
 * linux-microvm image gets every volume as a copy), and how many are. */
int volume_served(const struct run_opts *o, const struct image *im, size_t i);
size_t volumes_served(const struct run_opts *o, const struct image *im);
/* --verbose: one line per volume on stderr, saying how it is mounted; via names what carries
 * the persistent ones ("9P over virtio-9p", "9P from uni-run's server process"). */
void volumes_describe(const struct run_opts *o, const struct image *im, const char *via);
/* The QEMU arguments of the persistent volumes (qemu_volumes.c): a local fsdev and a virtio-9p
 * device for each, after the NICs and the console; slots_used: the virtio-mmio slots those
 * take (microvm), checked against its 8 with a message naming the fix. */
void qemu_volume_args(struct strv *a, const struct run_opts *o, const struct image *im, int slots_used);

/* The process platform's server of the persistent volumes (volserve.c): a child of uni-run that
 * speaks 9P2000.L on one end of a socket pair; returns the other end (inherited across exec),
 * for the image's UNI_ENV_VOL_FD, or -1 when there is no persistent volume. volserve_stop closes
 * that end and reaps the server, which ends at the end of the stream. */
int volserve_start(const struct run_opts *o, const struct image *im);
void volserve_stop(void);

/* The one place that knows QEMU's command line. */
void qemu_argv_build(struct strv *argv, const struct run_opts *o, const struct vm_conf *c);

/* Prints argv to stderr as one shell-quoted line, prefixed "uni-run: ". */
void print_argv(char *const *argv);

/* Boot an image under QEMU with accel (kvm or tcg) / run a linux-platform executable / run a uni
 * image on the process platform; each returns the exit status. */
int vm_run(const struct run_opts *o, const struct image *im, const char *accel);
int native_run(const struct run_opts *o, const struct image *im);
int process_run(const struct run_opts *o, const struct image *im);
/* Executes the image with argv and envp as a child in our process group and waits for it
 * (--timeout, signals, 128+N); with symbolize its stderr goes through errlines. */
int host_run(const struct run_opts *o, const struct image *im, char **argv, char **envp, int symbolize);
/* The process platform's NIC (process_net.c): passt or a tap, its fd named in env. */
void process_net_start(const struct run_opts *o, struct strv *env);
/* passt.c: whether passt is on PATH; starting passt for NIC nic (its forwards when it is the
 * forwarding NIC, its addresses as docs/NETWORKING.md says) and returning our end of its
 * socket pair (close-on-exec), or failing with a message that ends "or " instead; stopping
 * every passt started. */
int passt_available(void);
int passt_start(const struct run_opts *o, int nic, const char *instead);
void passt_stop(void);
/* -m in MiB: QEMU's syntax, where a bare number means MiB. */
unsigned long long mem_mib(const char *s);

#endif
