/* uni-fortify.h: what uni's _FORTIFY_SOURCE headers (string.h, stdio.h, unistd.h here) share. */
/* uni-cc searches this folder before musl's headers; each header here includes musl's own with
 * #include_next, then, when fortify is on, replaces some of its functions by inline ones that
 * check the destination's size known to the compiler (__builtin_object_size) before calling
 * musl's. Fortify is on with _FORTIFY_SOURCE > 0 when optimizing (object sizes come from the
 * optimizer) under gcc: the variadic checks need __builtin_va_arg_pack, which clang lacks. The
 * object-size types are glibc's: whole objects (0) at level 1 and for the mem* functions, the
 * closest enclosing member (1) from level 2 on; level 3 also sees sizes known only at run time. */
#ifndef UNI_FORTIFY_H
#define UNI_FORTIFY_H

#if defined(_FORTIFY_SOURCE) && _FORTIFY_SOURCE > 0 && defined(__OPTIMIZE__) && \
	defined(__GNUC__) && !defined(__clang__)
#define __UNI_FORTIFY 1

#if _FORTIFY_SOURCE >= 3 && defined(__has_builtin)
#if __has_builtin(__builtin_dynamic_object_size)
#define __UNI_FORTIFY_DYNAMIC 1
#endif
#endif

#ifdef __UNI_FORTIFY_DYNAMIC
#define __uni_bos0(p) __builtin_dynamic_object_size(p, 0)
#define __uni_bos(p) __builtin_dynamic_object_size(p, 1)
#elif _FORTIFY_SOURCE >= 2
#define __uni_bos0(p) __builtin_object_size(p, 0)
#define __uni_bos(p) __builtin_object_size(p, 1)
#else
#define __uni_bos0(p) __builtin_object_size(p, 0)
#define __uni_bos(p) __builtin_object_size(p, 0)
#endif

/* Inline only: calls to the name outside an inlined body, and its address, are musl's. */
#define __uni_fortify_fn extern __inline__ \
	__attribute__((__always_inline__, __gnu_inline__, __artificial__))

#ifdef __cplusplus
extern "C" {
#endif

/* kernel/fortify/fail.c, in libuni.a: glibc's message, then abort(). */
__attribute__((__noreturn__, __cold__)) void __uni_fortify_fail(void);
/* The same function, called where the compiler proves the overflow: it warns at compile time. */
__attribute__((__noreturn__, __warning__("this call overflows its destination: it will end the program "
	"with *** buffer overflow detected *** (_FORTIFY_SOURCE)")))
void __uni_fortify_overflow(void) __asm__("__uni_fortify_fail");

/* Fails unless N bytes fit in SIZE ((size_t)-1, the compiler's "unknown", lets everything by). */
static __inline__ __attribute__((__always_inline__, __artificial__))
void __uni_fortify_check(__SIZE_TYPE__ __n, __SIZE_TYPE__ __size)
{
	if (__builtin_constant_p(__n > __size) && __n > __size)
		__uni_fortify_overflow();
	if (__n > __size)
		__uni_fortify_fail();
}

#ifdef __cplusplus
}
#endif

#endif
#endif
