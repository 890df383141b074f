/* check.c: a test program: succeeds, checks its argument and environment, or fails on request. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "fail") == 0)
		return 1;
	if (argc > 1 && strcmp(argv[1], "expect-arg") == 0) {
		const char *v = getenv("CHECK_ENV");
		if (!v || strcmp(v, "yes") != 0) {
			fprintf(stderr, "CHECK_ENV is %s, not yes\n", v ? v : "unset");
			return 2;
		}
	}
	puts("check ok");
	return 0;
}
