/* The process platform's channel to persistent volumes: a stream socket whose other end is
 * uni-run's 9P server (uni/abi.h UNI_ENV_VOL_FD), one channel for every volume (each attaches
 * by its name), one request at a time. */
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include "process.h"

int uni_host_vol_channel(const char *tag)
{
	(void)tag;
	return uni_host_vol_fd >= 0 ? 0 : -1;
}

/* All len bytes read or written, through interruptions by the binding's own signals. */
static int whole(long nr, void *buf, size_t len)
{
	for (size_t done = 0; done < len;) {
		long n = host3(nr, uni_host_vol_fd, (char *)buf + done, len - done);
		if (n == -EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

long uni_host_vol_rpc(int ch, const void *t, uint32_t tlen, void *r, uint32_t rcap)
{
	(void)ch;
	uint32_t size;
	if (whole(SYS_write, (void *)t, tlen) || whole(SYS_read, &size, 4) || size < 7 || size > rcap)
		return -EIO;
	__builtin_memcpy(r, &size, 4);
	return whole(SYS_read, (char *)r + 4, size - 4) ? -EIO : (long)size;
}
