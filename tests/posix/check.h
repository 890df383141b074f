/* check.h: helpers for the tests/posix programs: print a call's result as "label: value" or
 * "label: -1 ENAME", so the linux build and the image can be compared line by line. */
#ifndef CHECK_H
#define CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *errname(int e)
{
	static const struct { int e; const char *n; } t[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" },
		{ EACCES, "EACCES" }, { EEXIST, "EEXIST" }, { ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" },
		{ EINVAL, "EINVAL" }, { EMFILE, "EMFILE" }, { ENOTTY, "ENOTTY" }, { ENOSPC, "ENOSPC" },
		{ ESPIPE, "ESPIPE" }, { EPIPE, "EPIPE" }, { ERANGE, "ERANGE" }, { ENAMETOOLONG, "ENAMETOOLONG" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { ELOOP, "ELOOP" }, { ENODEV, "ENODEV" }, { EBUSY, "EBUSY" },
		{ ENXIO, "ENXIO" }, { ENOMEM, "ENOMEM" }, { EXDEV, "EXDEV" }, { EFBIG, "EFBIG" },
		{ EFAULT, "EFAULT" }, { ENOTSOCK, "ENOTSOCK" }, { ECONNREFUSED, "ECONNREFUSED" },
		{ EADDRINUSE, "EADDRINUSE" }, { ENOTCONN, "ENOTCONN" }, { EDESTADDRREQ, "EDESTADDRREQ" },
		{ EINPROGRESS, "EINPROGRESS" }, { EISCONN, "EISCONN" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { EMSGSIZE, "EMSGSIZE" }, { EPROTONOSUPPORT, "EPROTONOSUPPORT" },
		{ ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT" }, { ECHILD, "ECHILD" }, { ENOSYS, "ENOSYS" },
		{ ESRCH, "ESRCH" }, { E2BIG, "E2BIG" }, { ENOMSG, "ENOMSG" }, { EIDRM, "EIDRM" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { EDEADLK, "EDEADLK" }, { EOWNERDEAD, "EOWNERDEAD" },
		{ ENOTRECOVERABLE, "ENOTRECOVERABLE" },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (t[i].e == e)
			return t[i].n;
	return "E?";
}

/* CHECK("label", call): prints the result, and errno's name when it is -1. */
#define CHECK(label, call) do { \
	errno = 0; \
	long check_r_ = (long)(call); \
	if (check_r_ == -1) \
		printf("%s: -1 %s\n", label, errname(errno)); \
	else \
		printf("%s: %ld\n", label, check_r_); \
} while (0)

#endif
