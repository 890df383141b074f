/* vcon.c: uni-run's end of the virtio console (uni/abi.h): the guest's stdout and stderr frames
 * split in the order they came, and stdin framed for the guest. */
#include "run.h"

#include <errno.h>
#include <unistd.h>

/* A stdout write that fails (the reader went away) drops the rest of stdout, as it would have
 * killed a Linux program with SIGPIPE; the guest must still be drained so that it can exit. */
static void out_write(struct vcon_out *v, const unsigned char *p, size_t n)
{
	if (!v->out_failed && write_full(1, p, n) < 0)
		v->out_failed = 1;
}

void vcon_out_feed(struct vcon_out *v, struct errlines *e, const unsigned char *p, size_t n)
{
	while (n) {
		if (!v->left) {
			v->hdr[v->hdr_n++] = *p++;
			n--;
			if (v->hdr_n == UNI_VCON_HDR) {
				v->hdr_n = 0;
				v->stream = v->hdr[0];
				v->left = v->hdr[1] | (uint32_t)v->hdr[2] << 8 | (uint32_t)v->hdr[3] << 16;
			}
			continue;
		}
		size_t k = n < v->left ? n : v->left;
		if (v->stream == UNI_VCON_STDERR) {
			errlines_feed(e, (const char *)p, k);
		} else {
			/* A partial stderr line errlines holds back (it may become a backtrace line)
			 * goes out first: 2>&1 keeps the guest's order. */
			if (e->len) {
				errlines_flush(e);
				e->written = 1;
			}
			out_write(v, p, k);
		}
		p += k;
		n -= k;
		v->left -= (uint32_t)k;
	}
}

size_t vcon_stdin_frame(unsigned char *frame, size_t max)
{
	ssize_t n;
	do
		n = read(0, frame + UNI_VCON_HDR, max - UNI_VCON_HDR);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n < 0)
		n = 0;   /* a read error ends stdin, as end of file would */
	frame[0] = UNI_VCON_STDIN;
	frame[1] = (unsigned char)n;
	frame[2] = (unsigned char)(n >> 8);
	frame[3] = (unsigned char)(n >> 16);
	return UNI_VCON_HDR + (size_t)n;
}
