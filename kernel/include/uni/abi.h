/* The contract between uni-run (the host) and the runtime in an image (the guest): every number
 * both sides must agree on lives here and nowhere else. C99 only: wrappers/run and kernel/ both
 * include it. Change anything here and UNI_ABI_VERSION goes up; uni-run refuses an image whose
 * ABI note carries another version. docs/ARCHITECTURE.md "Host <-> guest protocol" explains it. */
#ifndef UNI_ABI_H
#define UNI_ABI_H

#define UNI_ABI_VERSION 4 /* 2: uni.workdir, uni.trace, uni.signals and the signals record;
                           * 3: the image checksum of four lanes (was FNV-1a byte by byte);
                           * 4: persistent volumes (UNI_ARCHIVE_SHARED, UNI_VOL_*) */

/* ELF notes named "uni" in the image's PT_NOTE segment. */
#define UNI_NOTE_NAME "uni"
#define UNI_NOTE_CPUS 1          /* 4 bytes: the CPU count the image asks for (uni-ld --cpus) */
#define UNI_NOTE_ABI 2           /* 8 bytes: UNI_ABI_VERSION, then the UNI_PLATFORM_* bits it runs on */
#define UNI_NOTE_SUM 3           /* 8 bytes: uni-ld's checksum of the loaded bytes (wrappers/common/imagesum.c) */
#define UNI_PLATFORM_PVH 1u      /* QEMU -kernel through the Xen PVH note (KVM or TCG) */
#define UNI_PLATFORM_PROCESS 2u  /* a sandboxed Linux process: ./image or uni-run --accel process */
#define UNI_XEN_NOTE_PVH_ENTRY 18 /* name "Xen": the 32-bit physical entry QEMU boots */

/* The command line (PVH: the start info's cmdline; process: the UNI_ENV_CMDLINE variable):
 * space-separated tokens, each percent-encoded (every byte outside UNI_CMDLINE_PLAIN as %XX);
 * runtime options UNI_KEY_* first, then UNI_CMDLINE_ARGS, then argv from argv[0]. */
#define UNI_CMDLINE_PLAIN "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/:,+@=-"
#define UNI_CMDLINE_ARGS "--"
#define UNI_KEY_ENV "uni.env="       /* K=V, repeatable, in order */
#define UNI_KEY_TSC_KHZ "uni.tsc_khz=" /* the host TSC frequency (PVH) */
#define UNI_KEY_WALL "uni.wall="     /* host CLOCK_REALTIME in ns ... */
#define UNI_KEY_WALL_TSC "uni.wall_tsc=" /* ... and the host TSC at that instant (PVH) */
#define UNI_KEY_CPUS "uni.cpus="     /* CPUs to run on */
#define UNI_KEY_TTY "uni.tty="       /* bit n set: host fd n is a terminal */
#define UNI_KEY_MEM "uni.mem="       /* bytes of guest RAM (process; PVH takes it from the memory map) */
#define UNI_KEY_IP "uni.ip="         /* A.B.C.D/N: static address of the first NIC */
#define UNI_KEY_GW "uni.gw="
#define UNI_KEY_DNS "uni.dns="       /* repeatable */
#define UNI_KEY_PASST "uni.passt="   /* 1: the first NIC's peer is passt, whose handshake the
                                      * runtime completes (net/passt_ack.c) */
#define UNI_KEY_VERBOSE "uni.verbose="
#define UNI_KEY_SIGNALS "uni.signals=" /* 1 (PVH; linux-microvm's /init): uni-run sends
                                        * signals on COM2 once the guest sends UNI_RECORD_SIGNALS */
#define UNI_KEY_TRACE "uni.trace="   /* 1: each syscall of the program is reported on stderr
                                      * in lines that start with UNI_TRACE_PREFIX */
#define UNI_TRACE_PREFIX "uni-trace: "
/* A crash report's line before its backtrace when the image does not run at its link address
 * (a position-independent image): the hexadecimal offset follows, and uni-run subtracts it
 * from the backtrace's addresses to name their functions. */
#define UNI_RELOCATED_PREFIX "uni: image relocated by 0x"
#define UNI_KEY_WORKDIR "uni.workdir=" /* absolute: the program's working directory (created
                                        * with its parents when missing, as docker run -w) */

/* PVH console and control: COM1 carries stdin and stdout, COM2 stderr. Bytes uni-run sends to
 * COM1 are framed: ESC ESC is a literal 0xff, ESC EOF is the end of stdin. */
#define UNI_PORT_COM1 0x3f8
#define UNI_PORT_COM2 0x2f8
#define UNI_COM2_IRQ 3           /* its interrupt line (an IOAPIC pin), for UNI_RECORD_SIGNALS */
#define UNI_STDIN_ESC 0xff
#define UNI_STDIN_EOF 0x00
/* Port UNI_PORT_CONTROL (isa-debugcon) carries text records, one per line: UNI_RECORD_STDIN
 * once COM1 is set up (uni-run holds stdin back until then), UNI_RECORD_EXIT "N" before the
 * guest writes N to UNI_PORT_DEBUG_EXIT (QEMU then exits with (N << 1) | 1, 7 bits only). */
#define UNI_PORT_CONTROL 0xe9
#define UNI_PORT_DEBUG_EXIT 0xf4
#define UNI_RECORD_STDIN "stdin"
#define UNI_RECORD_EXIT "exit "
/* UNI_RECORD_CLOCK asks uni-run for the host's CLOCK_REALTIME: 8 bytes, little-endian ns,
 * answered on COM2's input (kernel/platform/pvh/wallclock.c). */
#define UNI_RECORD_CLOCK "clock"
/* UNI_RECORD_SIGNALS (only after UNI_KEY_SIGNALS offered it): from now on, signals sent to uni-run that a program may handle (SIGINT,
 * SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2) go to the guest, one byte each (the signal's
 * number) on COM2's input, whose receive interrupt the guest has enabled (kernel/core/hostsig.c).
 * Before it, or from a guest that never sends it, uni-run ends QEMU on such a signal. */
#define UNI_RECORD_SIGNALS "signals"
/* The virtio console (docs/ARCHITECTURE.md, Console): uni-run gives a PVH guest a virtio-serial
 * device whose port 1 carries stdin, stdout and stderr as one stream each way, in frames: a
 * header of UNI_VCON_HDR bytes (the stream, UNI_VCON_STDIN/STDOUT/STDERR, then the payload's
 * length, 24 bits little-endian), then the payload. A UNI_VCON_STDIN frame of length 0 is the
 * end of stdin. A guest that drives the device says UNI_RECORD_VCONSOLE instead of
 * UNI_RECORD_STDIN, and uni-run then sends stdin there, not to COM1. */
#define UNI_RECORD_VCONSOLE "vconsole"
#define UNI_VCON_PORT 1
#define UNI_VCON_HDR 4
#define UNI_VCON_MAX 0xffffff
#define UNI_VCON_STDIN 0
#define UNI_VCON_STDOUT 1
#define UNI_VCON_STDERR 2

/* The process platform: uni-run executes the image itself with these in its environment (the
 * image removes them before the program sees its environment). Without UNI_ENV_CMDLINE the
 * image was executed directly (./image args): it runs, with the host's argv and environment,
 * only when UNI_ENV_DIRECT is 1 (docs/PLATFORMS.md says why). */
#define UNI_ENV_CMDLINE "UNI_RUN_CMDLINE"     /* the command line above */
#define UNI_ENV_DIRECT "UNI_DIRECT"           /* "1": run as ./image with the host's argv and
                                               * environment; otherwise a directly executed image
                                               * says how to run it and exits 126 */
#define UNI_ENV_MODULE_FD "UNI_RUN_MODULE_FD" /* fd of the volumes' archive (PVH: the -initrd module) */
#define UNI_ENV_NET_FD "UNI_RUN_NET_FD"       /* fd of the first NIC: frames, see UNI_NET_* */
#define UNI_ENV_NET_MODE "UNI_RUN_NET_MODE"
#define UNI_NET_MODE_TAP "tap"                /* one read/write per Ethernet frame (a tap fd) */
#define UNI_NET_MODE_STREAM "stream"          /* a stream socket: 4-byte big-endian length, then
                                               * the frame (QEMU's and passt's framing) */
#define UNI_ENV_VOL_FD "UNI_RUN_VOL_FD"       /* a stream socket to uni-run's 9P server of the
                                               * persistent volumes (UNI_VOL_TAG below) */
/* Status of a process-platform image that the sandbox stopped (a host call it may not make). */
#define UNI_EXIT_SANDBOX 159                  /* 128 + SIGSYS, as a shell shows a seccomp kill */

/* Persistent volumes (uni-run -v HOST:/GUEST, docs/ARCHITECTURE.md "Volumes"): the runtime
 * sends every change to a file of an archive flagged UNI_ARCHIVE_SHARED (uni/archive.h) to the
 * host as 9P2000.L requests. The volume of the boot module's archive number N (from 0, every
 * archive counted) is named UNI_VOL_TAG "N": a VM's virtio-9p device has it as its mount tag,
 * and the process platform attaches to it by that name (aname) over UNI_ENV_VOL_FD. */
#define UNI_VOL_TAG "uni"
#define UNI_VOL_VERSION "9P2000.L"
#define UNI_VOL_MSIZE 65536u       /* the largest message the runtime sends or accepts */

#endif
