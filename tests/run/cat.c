/* cat.c: copies stdin to stdout, reports the byte count on stderr and exits with 3. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char buf[512];
	long total = 0;
	ssize_t n;
	while ((n = read(0, buf, sizeof buf)) > 0) {
		if (write(1, buf, (size_t)n) != n)
			return 1;
		total += n;
	}
	fprintf(stderr, "cat: %ld bytes%s\n", total, n < 0 ? ", then a read error" : "");
	return 3;
}
