/* volserve.h: the inside of the process platform's 9P2000.L server of persistent volumes
 * (volserve.c: the loop, fids and confinement; volserve_ops.c: the operations; volserve_wire.c:
 * the message format). Only those files include it. */
#ifndef UNI_VOLSERVE_H
#define UNI_VOLSERVE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "uni/p9.h"

#define P9_IOHDR 24       /* what a read or write message adds to its data, at most */
#define VOLSERVE_MAX_FIDS 4096

/* A request being read: p up to end; bad once a field ran past the end. */
struct wire_in {
	const unsigned char *p, *end;
	int bad;
	char *strs;   /* room for the strings of one message, each NUL-terminated */
	size_t strs_len;
};
uint8_t get8(struct wire_in *in);
uint16_t get16(struct wire_in *in);
uint32_t get32(struct wire_in *in);
uint64_t get64(struct wire_in *in);
/* A string s (len[2] bytes), copied NUL-terminated; "" when bad. *len: its length on the wire
 * (a name with a NUL inside is then longer than strlen). */
const char *getstr(struct wire_in *in, size_t *len);
/* The bytes of data[count] in place, or NULL when they are not all there. */
const unsigned char *getdata(struct wire_in *in, size_t count);

/* A reply being written into buf (cap bytes: msize); its size and tag are filled in when it
 * is sent. A put past cap sets len to cap + 1, which fails the reply. */
struct wire_out {
	unsigned char *buf;
	size_t len, cap;
};
void put8(struct wire_out *o, uint8_t v);
void put16(struct wire_out *o, uint16_t v);
void put32(struct wire_out *o, uint32_t v);
void put64(struct wire_out *o, uint64_t v);
void putstr(struct wire_out *o, const char *s);
/* qid[13] of st: type (directory, symlink or file), version 0, path = inode. */
void putqid(struct wire_out *o, const struct stat *st);
/* Starts reply type; everything put before is dropped. */
void reply_start(struct wire_out *o, uint8_t type);

/* A fid: a file of a volume named by its directory (an O_PATH descriptor inside the volume)
 * and one name in it ("." for the volume's root), and once opened its descriptor. */
struct fid {
	int used;
	uint32_t num; /* the client's number for it */
	int dir;      /* O_PATH|O_DIRECTORY */
	char *name;
	int fd;       /* Tlopen/Tlcreate's, else -1 */
};

/* The server's state: the connection, the volumes' roots and the fids. */
struct volserve {
	int sock;
	uint32_t msize;
	int *roots;           /* O_PATH descriptor of each -v's host directory; -1 when not served */
	size_t n_roots;
	struct fid fids[VOLSERVE_MAX_FIDS];
	size_t fid_top;       /* fids[fid_top..] were never claimed: the searches stop there */
	struct wire_in in;
	struct wire_out out;
};

/* volserve.c: fids and confinement. */
/* The fid numbered n, in use, or NULL. */
struct fid *fid_find(struct volserve *s, uint32_t n);
/* Room for a new fid numbered n, *f (claimed when the caller sets used): 0, EEXIST when n is
 * in use, EMFILE when VOLSERVE_MAX_FIDS are. */
int fid_room(struct volserve *s, uint32_t n, struct fid **f);
void fid_release(struct fid *f);
/* 0 when name is one component: not empty, ".", "..", nor with '/' or a NUL inside (len is
 * its length on the wire); else EINVAL, or ENAMETOOLONG. */
int name_check(const char *name, size_t len);
/* openat2 of name under dir, beneath it and through no symlink (a symlink as the last
 * component is opened itself only with O_PATH); the descriptor, or -errno. */
int open_beneath(int dir, const char *name, int flags, mode_t mode);
/* The fid's file as an O_PATH descriptor (flags: O_DIRECTORY to ask for a directory), or -errno. */
int fid_path_fd(const struct fid *f, int flags);

/* volserve_ops.c: one function per request type, after the header; each puts its reply into
 * s->out or returns an errno for Rlerror. */
int op_version(struct volserve *s);
int op_attach(struct volserve *s);
int op_walk(struct volserve *s);
int op_lopen(struct volserve *s);
int op_lcreate(struct volserve *s);
int op_read(struct volserve *s);
int op_write(struct volserve *s);
int op_clunk(struct volserve *s);
int op_fsync(struct volserve *s);
int op_setattr(struct volserve *s);
int op_unlinkat(struct volserve *s);
int op_renameat(struct volserve *s);
int op_mkdir(struct volserve *s);
int op_symlink(struct volserve *s);
int op_link(struct volserve *s);
int op_getattr(struct volserve *s);

#endif
