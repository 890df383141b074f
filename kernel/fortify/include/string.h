/* string.h: musl's <string.h>, with _FORTIFY_SOURCE checks of the copying functions (uni-fortify.h). */
#include_next <string.h>
#include "uni-fortify.h"

#if defined(__UNI_FORTIFY) && !defined(UNI_FORTIFY_STRING_H)
#define UNI_FORTIFY_STRING_H
#ifdef __cplusplus
extern "C" {
#endif

/* A string's length, or the first N bytes when it is longer (strnlen is POSIX, not C). */
static __inline__ __attribute__((__always_inline__, __artificial__))
size_t __uni_fortify_strnlen(const char *__s, size_t __n)
{
	size_t __k = 0;
	while (__k < __n && __s[__k])
		__k++;
	return __k;
}

__uni_fortify_fn void *memcpy(void *__restrict __d, const void *__restrict __s, size_t __n)
{
	__uni_fortify_check(__n, __uni_bos0(__d));
	return __builtin_memcpy(__d, __s, __n);
}

__uni_fortify_fn void *memmove(void *__d, const void *__s, size_t __n)
{
	__uni_fortify_check(__n, __uni_bos0(__d));
	return __builtin_memmove(__d, __s, __n);
}

__uni_fortify_fn void *memset(void *__d, int __c, size_t __n)
{
	__uni_fortify_check(__n, __uni_bos0(__d));
	return __builtin_memset(__d, __c, __n);
}

/* The string functions measure the source only when the destination's size is known.
 * strcpy's and stpcpy's check: the string at S and its NUL fit at D. */
static __inline__ __attribute__((__always_inline__, __artificial__))
void __uni_fortify_check_copy(char *__d, const char *__s)
{
	if (__uni_bos(__d) != (size_t)-1)
		__uni_fortify_check(__builtin_strlen(__s) + 1, __uni_bos(__d));
}

__uni_fortify_fn char *strcpy(char *__restrict __d, const char *__restrict __s)
{
	__uni_fortify_check_copy(__d, __s);
	return __builtin_strcpy(__d, __s);
}

__uni_fortify_fn char *strncpy(char *__restrict __d, const char *__restrict __s, size_t __n)
{
	__uni_fortify_check(__n, __uni_bos(__d));
	return __builtin_strncpy(__d, __s, __n);
}

__uni_fortify_fn char *strcat(char *__restrict __d, const char *__restrict __s)
{
	if (__uni_bos(__d) != (size_t)-1)
		__uni_fortify_check(__builtin_strlen(__d) + __builtin_strlen(__s) + 1, __uni_bos(__d));
	return __builtin_strcat(__d, __s);
}

__uni_fortify_fn char *strncat(char *__restrict __d, const char *__restrict __s, size_t __n)
{
	if (__uni_bos(__d) != (size_t)-1)
		__uni_fortify_check(__builtin_strlen(__d) + __uni_fortify_strnlen(__s, __n) + 1, __uni_bos(__d));
	return __builtin_strncat(__d, __s, __n);
}

/* Declared by musl under the same feature macros. */
#if defined(_POSIX_SOURCE) || defined(_POSIX_C_SOURCE) || defined(_XOPEN_SOURCE) || \
	defined(_GNU_SOURCE) || defined(_BSD_SOURCE)
__uni_fortify_fn char *stpcpy(char *__restrict __d, const char *__restrict __s)
{
	__uni_fortify_check_copy(__d, __s);
	return __builtin_stpcpy(__d, __s);
}

__uni_fortify_fn char *stpncpy(char *__restrict __d, const char *__restrict __s, size_t __n)
{
	__uni_fortify_check(__n, __uni_bos(__d));
	return __builtin_stpncpy(__d, __s, __n);
}
#endif

#ifdef __cplusplus
}
#endif
#endif
