/* stdio.h: musl's <stdio.h>, with _FORTIFY_SOURCE checks of the functions that fill a buffer (uni-fortify.h). */
#include_next <stdio.h>
#include "uni-fortify.h"

#if defined(__UNI_FORTIFY) && !defined(UNI_FORTIFY_STDIO_H)
#define UNI_FORTIFY_STDIO_H
#ifdef __cplusplus
extern "C" {
#endif

/* musl's functions under other names, so the inline ones below can call them. */
int __uni_musl_sprintf(char *__restrict, const char *__restrict, ...) __asm__("sprintf");
int __uni_musl_snprintf(char *__restrict, size_t, const char *__restrict, ...) __asm__("snprintf");
int __uni_musl_vsprintf(char *__restrict, const char *__restrict, __builtin_va_list) __asm__("vsprintf");
int __uni_musl_vsnprintf(char *__restrict, size_t, const char *__restrict, __builtin_va_list) __asm__("vsnprintf");
char *__uni_musl_fgets(char *__restrict, int, FILE *__restrict) __asm__("fgets");
size_t __uni_musl_fread(void *__restrict, size_t, size_t, FILE *__restrict) __asm__("fread");

__uni_fortify_fn int snprintf(char *__restrict __s, size_t __n, const char *__restrict __f, ...)
{
	__uni_fortify_check(__n, __uni_bos(__s));
	return __uni_musl_snprintf(__s, __n, __f, __builtin_va_arg_pack());
}

__uni_fortify_fn int vsnprintf(char *__restrict __s, size_t __n, const char *__restrict __f, __builtin_va_list __ap)
{
	__uni_fortify_check(__n, __uni_bos(__s));
	return __uni_musl_vsnprintf(__s, __n, __f, __ap);
}

/* With a known size, sprintf is snprintf into it, failing when the text did not fit. */
__uni_fortify_fn int sprintf(char *__restrict __s, const char *__restrict __f, ...)
{
	if (__uni_bos(__s) == (size_t)-1)
		return __uni_musl_sprintf(__s, __f, __builtin_va_arg_pack());
	int __r = __uni_musl_snprintf(__s, __uni_bos(__s), __f, __builtin_va_arg_pack());
	if (__r >= 0)
		__uni_fortify_check((size_t)__r + 1, __uni_bos(__s));
	return __r;
}

__uni_fortify_fn int vsprintf(char *__restrict __s, const char *__restrict __f, __builtin_va_list __ap)
{
	if (__uni_bos(__s) == (size_t)-1)
		return __uni_musl_vsprintf(__s, __f, __ap);
	int __r = __uni_musl_vsnprintf(__s, __uni_bos(__s), __f, __ap);
	if (__r >= 0)
		__uni_fortify_check((size_t)__r + 1, __uni_bos(__s));
	return __r;
}

__uni_fortify_fn char *fgets(char *__restrict __s, int __n, FILE *__restrict __f)
{
	if (__n > 0)
		__uni_fortify_check((size_t)__n, __uni_bos(__s));
	return __uni_musl_fgets(__s, __n, __f);
}

__uni_fortify_fn size_t fread(void *__restrict __p, size_t __size, size_t __count, FILE *__restrict __f)
{
	size_t __bytes;
	if (__builtin_mul_overflow(__size, __count, &__bytes))
		__bytes = (size_t)-1;
	__uni_fortify_check(__bytes, __uni_bos0(__p));
	return __uni_musl_fread(__p, __size, __count, __f);
}

#ifdef __cplusplus
}
#endif
#endif
