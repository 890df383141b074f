/* die.c: error reporting and allocation helpers that never return failure. */
#include "uni.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *uni_prog = "uni";

void uni_init(const char *argv0, const char *name)
{
	uni_prog = name ? name : uni_basename(argv0);
}

void uni_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: error: ", uni_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

void uni_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: warning: ", uni_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void *uni_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		uni_die("out of memory");
	return p;
}

char *uni_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(uni_xmalloc(n), s, n);
}

char *uni_strf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		uni_die("out of memory");
	va_end(ap);
	return s;
}

const char *uni_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}
