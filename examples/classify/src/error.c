/* error.c: fills a struct api_error. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int api_fail(struct api_error *e, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	e->status = status;
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	return -1;
}
