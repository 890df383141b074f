/* hardening.c: what uni-cc's default hardening stops. "smash TEXT" copies TEXT into an 8-byte
 * stack buffer (a long one overflows it: the stack protector ends the program), "relro" writes a const pointer table (read-only after
 * start), "clash N" allocates N MiB of stack at once and touches its lowest byte (stack-clash
 * probes hit the guard page first). Each prints what it is about to do. */
#include <alloca.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int one(void) { return 1; }
static int two(void) { return 2; }
int (*const table[])(void) = { one };   /* .data.rel.ro: in RELRO */

__attribute__((noinline)) static void copy(const char *s)
{
	char buf[8];
	/* Through a pointer whose object the compiler cannot see, so that uni-cc's default fortify
	 * (tests/kernel/fortify.test) lets the overflow by and the canary is what stops it. */
	char *volatile dest = buf;
	strcpy(dest, s);
	printf("copied %zu bytes\n", strlen(buf));
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	setvbuf(stdout, NULL, _IONBF, 0);
	if (strcmp(what, "smash") == 0 && argc > 2) {
		printf("copying %zu bytes into 8\n", strlen(argv[2]) + 1);
		copy(argv[2]);
	} else if (strcmp(what, "relro") == 0) {
		printf("writing the table\n");
		*(int (*volatile *)(void))&table[0] = two;
		int (*volatile const *t)(void) = table;
		printf("table now %d\n", t[0]());
	} else if (strcmp(what, "clash") == 0 && argc > 2) {
		size_t n = (size_t)atol(argv[2]) << 20;
		char *volatile p = alloca(n);   /* volatile: the compiler may not drop the area */
		printf("touching %zu MiB below\n", n >> 20);
		p[0] = 1;
		printf("touched %d at %p\n", p[0], (void *)p);
	} else {
		fprintf(stderr, "usage: hardening smash TEXT|relro|clash MIB\n");
		return 2;
	}
	return 0;
}
