/* tar.c: ustar headers (512-byte blocks of octal text fields) and entries in a buffer. */
#include "tar.h"
#include "uni.h"

#include <string.h>

/* Field offsets and sizes of the ustar header. */
enum { NAME = 0, MODE = 100, UID = 108, GID = 116, SIZE = 124, MTIME = 136, CHKSUM = 148,
       TYPEFLAG = 156, LINKNAME = 157, MAGIC = 257, VERSION = 263, UNAME = 265, GNAME = 297 };

/* v as width - 1 zero-padded octal digits and a NUL; the callers keep v within them. */
static void octal(char *h, int off, int width, unsigned long long v)
{
	h[off + width - 1] = 0;
	for (int i = width - 2; i >= 0; i--, v >>= 3)
		h[off + i] = (char)('0' + (v & 7));
}

static void header(struct buf *b, const char *name, char type, unsigned mode, unsigned uid,
		   unsigned gid, unsigned long long size, long mtime, const char *link)
{
	char h[512] = { 0 };
	if (strlen(name) > 99 || (link && strlen(link) > 99))
		uni_die("writing the layer: entry name %s is longer than 99 bytes, ustar's limit "
			"(fix: use a shorter image file name)", name);
	memcpy(h + NAME, name, strlen(name));
	octal(h, MODE, 8, mode);
	octal(h, UID, 8, uid);
	octal(h, GID, 8, gid);
	if (size >= 1ULL << 33)
		uni_die("writing the layer: entry %s is %llu bytes, over ustar's 8 GiB limit (fix: "
			"make the image smaller)", name, size);
	octal(h, SIZE, 12, size);
	octal(h, MTIME, 12, (unsigned long long)mtime);
	h[TYPEFLAG] = type;
	if (link)
		memcpy(h + LINKNAME, link, strlen(link));
	memcpy(h + MAGIC, "ustar", 6);
	memcpy(h + VERSION, "00", 2);
	/* Owner names are left empty: the numeric ids are what a runtime applies. */
	/* The checksum: the byte sum of the header with the checksum field as 8 spaces, written
	 * as 6 octal digits, a NUL and a space. */
	memset(h + CHKSUM, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += (unsigned char)h[i];
	octal(h, CHKSUM, 7, sum);
	h[CHKSUM + 7] = ' ';
	buf_add(b, h, sizeof h);
}

void tar_dir(struct buf *b, const char *name, unsigned mode, long mtime)
{
	header(b, name, '5', mode, 0, 0, 0, mtime, NULL);
}

void tar_file(struct buf *b, const char *name, unsigned mode, unsigned uid, unsigned gid, long mtime,
	      const void *data, size_t size)
{
	static const char zeros[512];
	header(b, name, '0', mode, uid, gid, size, mtime, NULL);
	buf_add(b, data, size);
	buf_add(b, zeros, (512 - size % 512) % 512);
}

void tar_hardlink(struct buf *b, const char *name, const char *target, unsigned mode, unsigned uid,
		  unsigned gid, long mtime)
{
	header(b, name, '1', mode, uid, gid, 0, mtime, target);
}

void tar_end(struct buf *b)
{
	static const char zeros[1024];
	buf_add(b, zeros, sizeof zeros);
}
