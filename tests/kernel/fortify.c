/* fortify.c: overflows that uni-cc's default _FORTIFY_SOURCE=2 stops, built the same way by the
 * host's gcc and glibc to compare. Each copies into an 8-byte buffer: "memcpy N" N bytes,
 * "strcpy TEXT" TEXT, "snprintf N" with a size of N, "read N" up to N bytes of stdin; "member TEXT"
 * copies TEXT into the first of two 8-byte members of a struct, an overflow that only level 2
 * sees (level 1 measures the whole struct). What fits is printed, as a correct program would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char source[] = "0123456789abcdefghijklmnopqrstuvwxyz";

int main(int argc, char **argv)
{
	char buf[8] = "";
	struct { char first[8], second[8]; } pair = { "", "" };
	const char *what = argc > 1 ? argv[1] : "";
	const char *arg = argc > 2 ? argv[2] : "";
	size_t n = strtoul(arg, NULL, 10);
	setvbuf(stdout, NULL, _IONBF, 0);
	if (strcmp(what, "memcpy") == 0 && n < sizeof source) {
		memcpy(buf, source, n);
		printf("memcpy: %.*s\n", (int)(n < sizeof buf ? n : sizeof buf), buf);
	} else if (strcmp(what, "strcpy") == 0) {
		strcpy(buf, arg);
		printf("strcpy: %s\n", buf);
	} else if (strcmp(what, "snprintf") == 0) {
		int len = snprintf(buf, n, "%s", source);
		printf("snprintf: %d %s\n", len, buf);
	} else if (strcmp(what, "read") == 0) {
		ssize_t got = read(0, buf, n);
		printf("read: %zd\n", got);
	} else if (strcmp(what, "member") == 0) {
		strcpy(pair.first, arg);
		printf("member: %s|%s\n", pair.first, pair.second);
	} else {
		fprintf(stderr, "usage: fortify memcpy N|strcpy TEXT|snprintf N|read N|member TEXT\n");
		return 2;
	}
	return 0;
}
