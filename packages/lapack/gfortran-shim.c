/* gfortran-shim.c: what reference LAPACK needs of libgfortran (the sysroot has none): string
 * concatenation, and its error handler xerbla_ in C (the Fortran one prints with Fortran I/O,
 * which would need all of libgfortran). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* DEST(1:DESTLEN) = S1 // S2, blank-padded or truncated, as Fortran's concatenation. */
void _gfortran_concat_string(size_t destlen, char *dest, size_t len1, const char *s1, size_t len2,
	const char *s2)
{
	size_t first = len1 < destlen ? len1 : destlen;
	size_t second = len2 < destlen - first ? len2 : destlen - first;

	memmove(dest, s1, first);
	memmove(dest + first, s2, second);
	memset(dest + first + second, ' ', destlen - first - second);
}

/* LAPACK's reaction to an invalid argument: reference xerbla's message, then stop the program. */
void xerbla_(const char *routine, const int *argument, size_t routine_len)
{
	fprintf(stderr, " ** On entry to %.*s parameter number %d had an illegal value\n",
		(int)routine_len, routine, *argument);
	exit(1);
}
