/* File-descriptor syscalls. Until the filesystem lands, the only descriptors are the
 * console's 0, 1 and 2; paths do not exist (ENOENT). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <termios.h>
#include "uni/console.h"

static unsigned closed;   /* bit per console fd the program closed */

static int console_fd(long fd)
{
	return fd >= 0 && fd <= 2 && !(closed >> fd & 1);
}

long sys_read(long fd, long buf, long len, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (!console_fd(fd))
		return -EBADF;
	if (fd != 0)
		return -EBADF;   /* stdout and stderr are write-only */
	return uni_console_read((void *)buf, (size_t)len);
}

long sys_write(long fd, long buf, long len, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (!console_fd(fd) || fd == 0)
		return -EBADF;
	if (len < 0)
		return -EINVAL;
	uni_console_write((int)fd, (const void *)buf, (size_t)len);
	return len;
}

long sys_readv(long fd, long iov, long cnt, long d, long e, long f)
{
	const struct iovec *v = (const void *)iov;
	long total = 0;
	for (long i = 0; i < cnt; i++) {
		if (!v[i].iov_len)
			continue;
		long r = sys_read(fd, (long)v[i].iov_base, (long)v[i].iov_len, d, e, f);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((size_t)r < v[i].iov_len)
			break;
	}
	return total;
}

long sys_writev(long fd, long iov, long cnt, long d, long e, long f)
{
	const struct iovec *v = (const void *)iov;
	long total = 0;
	if (cnt < 0 || cnt > 1024)
		return -EINVAL;
	for (long i = 0; i < cnt; i++) {
		long r = sys_write(fd, (long)v[i].iov_base, (long)v[i].iov_len, d, e, f);
		if (r < 0)
			return total ? total : r;
		total += r;
	}
	return total;
}

long sys_close(long fd, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	if (!console_fd(fd))
		return -EBADF;
	closed |= 1u << fd;
	return 0;
}

static long console_stat(long fd, struct stat *st)
{
	if (!console_fd(fd))
		return -EBADF;
	memset(st, 0, sizeof *st);
	/* A terminal on the host looks like a tty here; a pipe or file like a pipe. */
	st->st_mode = uni_console_isatty((int)fd) ? (S_IFCHR | 0620) : (S_IFIFO | 0600);
	st->st_nlink = 1;
	st->st_blksize = 4096;
	st->st_ino = (ino_t)fd + 1;
	return 0;
}

long sys_fstat(long fd, long st, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return console_stat(fd, (struct stat *)st);
}

long sys_newfstatat(long dirfd, long path, long st, long flags, long e, long f)
{
	(void)e, (void)f;
	if ((flags & AT_EMPTY_PATH) && !*(const char *)path)
		return console_stat(dirfd, (struct stat *)st);
	return -ENOENT;
}

long sys_lseek(long fd, long off, long whence, long d, long e, long f)
{
	(void)off, (void)whence, (void)d, (void)e, (void)f;
	return console_fd(fd) ? -ESPIPE : -EBADF;
}

long sys_ioctl(long fd, long req, long arg, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (!console_fd(fd))
		return -EBADF;
	if (!uni_console_isatty((int)fd))
		return -ENOTTY;
	switch (req) {
	case TCGETS:
		memset((void *)arg, 0, sizeof(struct termios));
		((struct termios *)arg)->c_lflag = ICANON | ECHO | ISIG;
		((struct termios *)arg)->c_oflag = OPOST | ONLCR;
		return 0;
	case TCSETS: case TCSETSW: case TCSETSF:
		return 0;
	case TIOCGWINSZ:
		*(struct winsize *)arg = (struct winsize){ .ws_row = 24, .ws_col = 80 };
		return 0;
	default:
		return -ENOTTY;
	}
}

long sys_fcntl(long fd, long cmd, long arg, long d, long e, long f)
{
	(void)arg, (void)d, (void)e, (void)f;
	if (!console_fd(fd))
		return -EBADF;
	switch (cmd) {
	case F_GETFD: case F_SETFD: case F_SETFL:
		return 0;
	case F_GETFL:
		return fd == 0 ? O_RDONLY : O_WRONLY;
	default:
		return -EINVAL;
	}
}

long sys_openat(long dirfd, long path, long flags, long mode, long e, long f)
{
	(void)dirfd, (void)path, (void)flags, (void)mode, (void)e, (void)f;
	return -ENOENT;
}

long sys_open(long path, long flags, long mode, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return sys_openat(AT_FDCWD, path, flags, mode, 0, 0);
}

long sys_faccessat(long dirfd, long path, long mode, long d, long e, long f)
{
	(void)dirfd, (void)path, (void)mode, (void)d, (void)e, (void)f;
	return -ENOENT;
}

long sys_access(long path, long mode, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	return sys_faccessat(AT_FDCWD, path, mode, 0, 0, 0);
}

long sys_getcwd(long buf, long size, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	if (size < 2)
		return -ERANGE;
	memcpy((char *)buf, "/", 2);
	return 2;
}
