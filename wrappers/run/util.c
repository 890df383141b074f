/* util.c: uni-run's robust writes, command printing and -m sizes. */
#include "run.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int write_full(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
		} else if (w < 0 && errno == EAGAIN) {
			/* Someone else made this file description non-blocking: wait, don't drop. */
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };
			poll(&pfd, 1, -1);
		} else if (!(w < 0 && errno == EINTR)) {
			return -1;
		}
	}
	return 0;
}

/* Quotes an argument for sh only when it needs it, so the line can be pasted into a shell. */
static void put_quoted(const char *s, FILE *f)
{
	if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
			    "_-+=/.,:@%") == strlen(s)) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

void print_argv(char *const *argv)
{
	fputs("uni-run:", stderr);
	for (; *argv; argv++) {
		fputc(' ', stderr);
		put_quoted(*argv, stderr);
	}
	fputc('\n', stderr);
}

/* -m in MiB: QEMU's syntax, where a bare number means MiB. */
unsigned long long mem_mib(const char *s)
{
	char *end;
	unsigned long long n = strtoull(s, &end, 10);
	switch (*end | 0x20) {
	case 'k': return n / 1024;
	case 'g': return n * 1024;
	case 't': return n * 1024 * 1024;
	default: return n;
	}
}

