/* unistd.h: musl's <unistd.h>, with _FORTIFY_SOURCE checks of the functions that fill a buffer (uni-fortify.h). */
#include_next <unistd.h>
#include "uni-fortify.h"

#if defined(__UNI_FORTIFY) && !defined(UNI_FORTIFY_UNISTD_H)
#define UNI_FORTIFY_UNISTD_H
#ifdef __cplusplus
extern "C" {
#endif

/* musl's functions under other names, so the inline ones below can call them. */
ssize_t __uni_musl_read(int, void *, size_t) __asm__("read");
ssize_t __uni_musl_pread(int, void *, size_t, off_t) __asm__("pread");
ssize_t __uni_musl_readlink(const char *__restrict, char *__restrict, size_t) __asm__("readlink");
char *__uni_musl_getcwd(char *, size_t) __asm__("getcwd");

__uni_fortify_fn ssize_t read(int __fd, void *__b, size_t __n)
{
	__uni_fortify_check(__n, __uni_bos0(__b));
	return __uni_musl_read(__fd, __b, __n);
}

__uni_fortify_fn ssize_t pread(int __fd, void *__b, size_t __n, off_t __at)
{
	__uni_fortify_check(__n, __uni_bos0(__b));
	return __uni_musl_pread(__fd, __b, __n, __at);
}

__uni_fortify_fn ssize_t readlink(const char *__restrict __path, char *__restrict __b, size_t __n)
{
	__uni_fortify_check(__n, __uni_bos(__b));
	return __uni_musl_readlink(__path, __b, __n);
}

/* A null buffer (musl allocates one) has no known size, so it passes. */
__uni_fortify_fn char *getcwd(char *__b, size_t __n)
{
	__uni_fortify_check(__n, __uni_bos(__b));
	return __uni_musl_getcwd(__b, __n);
}

#ifdef __cplusplus
}
#endif
#endif
