/* die.c: error reporting and allocation helpers that never return failure. */
#include "uni.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *uni_prog = "uni";
static int error_status = 1;

void uni_init(const char *argv0, const char *name, int status)
{
	uni_prog = name ? name : uni_basename(argv0);
	error_status = status;
}

void uni_vmessage(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", uni_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void uni_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	uni_vmessage(fmt, ap);
	va_end(ap);
	exit(error_status);
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
		uni_die("memory: out of memory (fix: free memory, or give the machine more)");
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
		uni_die("memory: out of memory (fix: free memory, or give the machine more)");
	va_end(ap);
	return s;
}

const char *uni_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}
