/* interleave.c: writes N lines (argv[1], default 10000) numbered in order, odd ones to
 * stderr and even ones to stdout, each with one write(2). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000;
	for (long i = 0; i < n; i++) {
		char line[64];
		int len = snprintf(line, sizeof line, "%ld %s\n", i, i % 2 ? "err" : "out");
		if (write(i % 2 ? 2 : 1, line, (size_t)len) != len)
			return 1;
	}
	return 0;
}
