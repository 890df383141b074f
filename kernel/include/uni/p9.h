/* The 9P2000.L protocol as persistent volumes use it (docs/VOLUMES.md): message types, header
 * and limits, Tsetattr's bits. The runtime's client (kernel/fs/p9.c) and uni-run's server
 * (wrappers/run/volserve*.c) both take them from here; QEMU's virtio-9p speaks the same. C99. */
#ifndef UNI_P9_H
#define UNI_P9_H

/* Request types; each reply is its request's type + 1. */
enum {
	P9_RLERROR = 7, P9_TLOPEN = 12, P9_TLCREATE = 14, P9_TSYMLINK = 16, P9_TGETATTR = 24,
	P9_TSETATTR = 26, P9_TFSYNC = 50, P9_TLINK = 70, P9_TMKDIR = 72, P9_TRENAMEAT = 74,
	P9_TUNLINKAT = 76, P9_TVERSION = 100, P9_TATTACH = 104, P9_TWALK = 110, P9_TREAD = 116,
	P9_TWRITE = 118, P9_TCLUNK = 120,
};
#define P9_HDR 7                 /* size[4] type[1] tag[2] */
#define P9_MAXWELEM 16           /* names in one walk */
#define P9_NOFID 0xffffffffu
/* Tsetattr's valid bits (ATIME/MTIME without _SET: the server's now). */
#define P9_SETATTR_MODE 0x1u
#define P9_SETATTR_SIZE 0x8u
#define P9_SETATTR_ATIME 0x10u
#define P9_SETATTR_MTIME 0x20u
#define P9_SETATTR_ATIME_SET 0x80u
#define P9_SETATTR_MTIME_SET 0x100u

#endif
