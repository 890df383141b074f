/* 9P2000.L messages for persistent volumes: each request is built in one buffer, sent on the
 * platform's channel (uni/platform.h vol_rpc) and its reply checked. Callers hold the big
 * lock, so one pair of buffers serves every volume. */
#include <errno.h>
#include <string.h>
#include "uni/abi.h"
#include "uni/platform.h"
#include "uni/runtime.h"
#include "p9.h"

#define WRITE_HDR (P9_HDR + 16)
#define CHANNELS 8

static unsigned char *tb, *rb;
static uint32_t tn;
static uint32_t msize[CHANNELS];   /* 0: not yet versioned */
static uint32_t next_fid = 1;

uint32_t p9_new_fid(void)
{
	return next_fid++;
}

static void put(const void *p, size_t n)
{
	memcpy(tb + tn, p, n);
	tn += (uint32_t)n;
}
static void put32(uint32_t x) { put(&x, 4); }
static void put64(uint64_t x) { put(&x, 8); }

static void put_str(const char *s, size_t len)
{
	uint16_t l = (uint16_t)len;
	put(&l, 2);
	put(s, len);
}

static void begin(uint8_t type)
{
	tn = P9_HDR;
	tb[4] = type;
	tb[5] = tb[6] = 0;   /* tag 0: one request at a time */
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t x;
	memcpy(&x, p, 4);
	return x;
}

/* Sends the message built since begin(); 0 when the reply is the one expected. */
static int rpc(const struct uni_volume *v, uint8_t type)
{
	memcpy(tb, &tn, 4);
	uint32_t cap = msize[v->chan] ? msize[v->chan] : UNI_VOL_MSIZE;
	long n = uni_plat->vol_rpc(v->chan, tb, tn, rb, cap);
	if (n < P9_HDR || get32(rb) != (uint32_t)n)
		return -EIO;
	if (rb[4] == P9_RLERROR && n >= P9_HDR + 4)
		return -(int)get32(rb + P9_HDR);
	return rb[4] == type + 1 ? 0 : -EIO;
}

int p9_attach(struct uni_volume *v)
{
	if (!tb) {
		tb = uni_mm_alloc(UNI_VOL_MSIZE);
		rb = uni_mm_alloc(UNI_VOL_MSIZE);
		if (!tb || !rb)
			return -ENOMEM;
	}
	if (v->chan >= CHANNELS)
		return -ENODEV;
	if (!msize[v->chan]) {
		begin(P9_TVERSION);
		put32(UNI_VOL_MSIZE);
		put_str(UNI_VOL_VERSION, strlen(UNI_VOL_VERSION));
		int r = rpc(v, P9_TVERSION);
		if (r)
			return r;
		uint32_t m = get32(rb + P9_HDR);
		if (m < 4096 || m > UNI_VOL_MSIZE || memcmp(rb + P9_HDR + 6, UNI_VOL_VERSION, strlen(UNI_VOL_VERSION)))
			return -EPROTO;
		msize[v->chan] = m;
	}
	v->root_fid = p9_new_fid();
	begin(P9_TATTACH);
	put32(v->root_fid);
	put32(P9_NOFID);
	put_str("", 0);
	put_str(v->tag, strlen(v->tag));
	put32(0);
	return rpc(v, P9_TATTACH);
}

int p9_walk(struct uni_volume *v, uint32_t from, uint32_t to, const char *const *names, const size_t *lens, int n)
{
	int done = 0;
	do {
		int k = n - done < P9_MAXWELEM ? n - done : P9_MAXWELEM;
		begin(P9_TWALK);
		put32(done ? to : from);
		put32(to);
		uint16_t k16 = (uint16_t)k;
		put(&k16, 2);
		for (int i = 0; i < k; i++)
			put_str(names[done + i], lens[done + i]);
		int r = rpc(v, P9_TWALK);
		if (r)
			return r;
		uint16_t got;
		memcpy(&got, rb + P9_HDR, 2);
		if (got != k) {
			if (done)
				p9_clunk(v, to);
			return -ENOENT;
		}
		done += k;
	} while (done < n);
	return 0;
}

int p9_lopen(struct uni_volume *v, uint32_t fid, uint32_t flags)
{
	begin(P9_TLOPEN);
	put32(fid);
	put32(flags);
	return rpc(v, P9_TLOPEN);
}

int p9_lcreate(struct uni_volume *v, uint32_t fid, const char *name, size_t len, uint32_t flags, uint32_t mode)
{
	begin(P9_TLCREATE);
	put32(fid);
	put_str(name, len);
	put32(flags);
	put32(mode);
	put32(0);
	return rpc(v, P9_TLCREATE);
}

int p9_mkdir(struct uni_volume *v, uint32_t dfid, const char *name, size_t len, uint32_t mode)
{
	begin(P9_TMKDIR);
	put32(dfid);
	put_str(name, len);
	put32(mode);
	put32(0);
	return rpc(v, P9_TMKDIR);
}

int p9_symlink(struct uni_volume *v, uint32_t dfid, const char *name, size_t len, const char *target)
{
	begin(P9_TSYMLINK);
	put32(dfid);
	put_str(name, len);
	put_str(target, strlen(target));
	put32(0);
	return rpc(v, P9_TSYMLINK);
}

int p9_link(struct uni_volume *v, uint32_t dfid, uint32_t fid, const char *name, size_t len)
{
	begin(P9_TLINK);
	put32(dfid);
	put32(fid);
	put_str(name, len);
	return rpc(v, P9_TLINK);
}

long p9_write(struct uni_volume *v, uint32_t fid, uint64_t off, const void *buf, size_t len)
{
	size_t room = msize[v->chan] - WRITE_HDR;
	if (len > room)
		len = room;
	begin(P9_TWRITE);
	put32(fid);
	put64(off);
	put32((uint32_t)len);
	put(buf, len);
	int r = rpc(v, P9_TWRITE);
	return r ? r : (long)get32(rb + P9_HDR);
}

int p9_fsync(struct uni_volume *v, uint32_t fid)
{
	begin(P9_TFSYNC);
	put32(fid);
	put32(0);
	return rpc(v, P9_TFSYNC);
}

int p9_setattr(struct uni_volume *v, uint32_t fid, const struct p9_setattr *a)
{
	begin(P9_TSETATTR);
	put32(fid);
	put32(a->valid);
	put32(a->mode);
	put32(0);
	put32(0);
	put64(a->size);
	put64((uint64_t)a->atime.tv_sec);
	put64((uint64_t)a->atime.tv_nsec);
	put64((uint64_t)a->mtime.tv_sec);
	put64((uint64_t)a->mtime.tv_nsec);
	return rpc(v, P9_TSETATTR);
}

int p9_unlinkat(struct uni_volume *v, uint32_t dfid, const char *name, size_t len, uint32_t flags)
{
	begin(P9_TUNLINKAT);
	put32(dfid);
	put_str(name, len);
	put32(flags);
	return rpc(v, P9_TUNLINKAT);
}

int p9_renameat(struct uni_volume *v, uint32_t ofid, const char *oname, size_t olen,
		uint32_t nfid, const char *nname, size_t nlen)
{
	begin(P9_TRENAMEAT);
	put32(ofid);
	put_str(oname, olen);
	put32(nfid);
	put_str(nname, nlen);
	return rpc(v, P9_TRENAMEAT);
}

int p9_clunk(struct uni_volume *v, uint32_t fid)
{
	begin(P9_TCLUNK);
	put32(fid);
	return rpc(v, P9_TCLUNK);
}
