/* Older and newer forms of implemented calls, each reduced to the form the runtime has:
 * utime, utimes, futimesat (utimensat), preadv2 and pwritev2
 * (preadv/pwritev, or readv/writev at offset -1). mknod is in syscall/fs_path.c, epoll_pwait2 in
 * events/epoll.c and eventfd in events/eventfd.c, linked with the rest of each
 * (syscall/table.h). */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <utime.h>

long sys_utimensat(long dirfd, long path, long times, long flags, long e, long f);
long sys_readv(long fd, long iov, long cnt, long d, long e, long f);
long sys_writev(long fd, long iov, long cnt, long d, long e, long f);
long sys_preadv(long fd, long iov, long cnt, long off, long e, long f);
long sys_pwritev(long fd, long iov, long cnt, long off, long e, long f);

/* timeval pairs as utimensat's timespec pairs (NULL: now). */
static long from_timevals(long dirfd, long path, const struct timeval *tv)
{
	if (!tv)
		return sys_utimensat(dirfd, path, 0, 0, 0, 0);
	struct timespec ts[2];
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		ts[i] = (struct timespec){ tv[i].tv_sec, tv[i].tv_usec * 1000 };
	}
	return sys_utimensat(dirfd, path, (long)ts, 0, 0, 0);
}

long sys_utimes(long path, long tv, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return from_timevals(AT_FDCWD, path, (const struct timeval *)tv);
}

long sys_futimesat(long dirfd, long path, long tv, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return from_timevals(dirfd, path, (const struct timeval *)tv);
}

long sys_utime(long path, long times, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	const struct utimbuf *u = (const struct utimbuf *)times;
	if (!u)
		return sys_utimensat(AT_FDCWD, path, 0, 0, 0, 0);
	struct timespec ts[2] = { { u->actime, 0 }, { u->modtime, 0 } };
	return sys_utimensat(AT_FDCWD, path, (long)ts, 0, 0, 0);
}

#define RWF_KNOWN 0x1f   /* HIPRI, DSYNC, SYNC, NOWAIT, APPEND: all data is in RAM already */

long sys_preadv2(long fd, long iov, long cnt, long off, long off_hi, long flags)
{
	(void)off_hi;
	if (flags & ~RWF_KNOWN)
		return -EOPNOTSUPP;
	return off == -1 ? sys_readv(fd, iov, cnt, 0, 0, 0) : sys_preadv(fd, iov, cnt, off, 0, 0);
}

long sys_pwritev2(long fd, long iov, long cnt, long off, long off_hi, long flags)
{
	(void)off_hi;
	if (flags & ~RWF_KNOWN)
		return -EOPNOTSUPP;
	return off == -1 ? sys_writev(fd, iov, cnt, 0, 0, 0) : sys_pwritev(fd, iov, cnt, off, 0, 0);
}
