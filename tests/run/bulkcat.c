/* bulkcat.c: bulk stdio in 64 KiB reads and writes (tests/run/bulk-stdio.test, bench/stdio.sh):
 * with no argument copies stdin to stdout; "sink" reads stdin to its end; "source N" writes N
 * zero bytes to stdout. Exits 1 on a failed write, 2 on a read error. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[65536];

static int put(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(1, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "source") == 0) {
		for (long long left = atoll(argv[2]); left > 0; left -= (long long)sizeof buf)
			if (put(buf, left < (long long)sizeof buf ? (size_t)left : sizeof buf))
				return 1;
		return 0;
	}
	int sink = argc > 1 && strcmp(argv[1], "sink") == 0;
	ssize_t n;
	while ((n = read(0, buf, sizeof buf)) > 0)
		if (!sink && put(buf, (size_t)n))
			return 1;
	return n < 0 ? 2 : 0;
}
