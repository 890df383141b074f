/* recvmmsg and sendmmsg: several messages in one call, each through recvmsg/sendmsg. The
 * recvmmsg timeout is checked only between messages, as Linux does. Linked only into images
 * that use sockets. */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/socket.h>
#include <time.h>
#include "uni/runtime.h"

long sys_sendmsg(long fd, long msg, long flags, long d, long e, long f);
long sys_recvmsg(long fd, long msg, long flags, long d, long e, long f);

#define UIO_MAXIOV 1024   /* Linux's cap on vlen */

long sys_sendmmsg(long fd, long vec, long vlen, long flags, long e, long f)
{
	(void)e, (void)f;
	struct mmsghdr *m = (struct mmsghdr *)vec;
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	long i;
	for (i = 0; i < vlen; i++) {
		long r = sys_sendmsg(fd, (long)&m[i].msg_hdr, flags, 0, 0, 0);
		if (r < 0)
			return i ? i : r;
		m[i].msg_len = (unsigned)r;
	}
	return i;
}

long sys_recvmmsg(long fd, long vec, long vlen, long flags, long timeout, long f)
{
	(void)f;
	struct mmsghdr *m = (struct mmsghdr *)vec;
	const struct timespec *t = (const struct timespec *)timeout;
	if (t && (t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= 1000000000))
		return -EINVAL;
	uint64_t end = t ? uni_clock_ns() + (uint64_t)t->tv_sec * 1000000000ull + (uint64_t)t->tv_nsec : 0;
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	long i;
	for (i = 0; i < vlen; i++) {
		/* MSG_WAITFORONE: only the first message may block. */
		long fl = i && (flags & MSG_WAITFORONE) ? (flags & ~MSG_WAITFORONE) | MSG_DONTWAIT : flags & ~MSG_WAITFORONE;
		long r = sys_recvmsg(fd, (long)&m[i].msg_hdr, fl, 0, 0, 0);
		if (r < 0)
			return i ? i : r;
		m[i].msg_len = (unsigned)r;
		if (end && uni_clock_ns() >= end)
			return i + 1;
	}
	return i;
}
