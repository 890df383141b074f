/* crash: dies in the way argv[1] names, so that tests can check the runtime's crash reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* noinline and noipa keep each crash in a function of its own name, for the backtrace check. */
#define CRASHER __attribute__((noinline, noipa))

CRASHER static int crash_null(void)
{
	volatile int *p = NULL;
	return *p;
}

CRASHER static int crash_write_text(void)
{
	volatile unsigned char *p = (volatile unsigned char *)(void *)crash_write_text;
	*p = 0xc3;
	return 0;
}

CRASHER static int crash_exec_stack(void)
{
	unsigned char code[16];
	int (*fn)(void);

	memset(code, 0xc3, sizeof code); /* ret */
	fn = (int (*)(void))(void *)code;
	return fn();
}

CRASHER static int crash_recurse(int depth)
{
	volatile char pad[256];

	pad[0] = (char)depth;
	return crash_recurse(depth + 1) + pad[0];
}

CRASHER static int crash_abort(void)
{
	abort();
}

CRASHER static int crash_div_zero(void)
{
	volatile int a = 42, b = 0;
	return a / b; /* gcc emits idivl: #DE, SIGFPE */
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(void);
	} cases[] = {
		{ "null", crash_null },
		{ "write-text", crash_write_text },
		{ "exec-stack", crash_exec_stack },
		{ "abort", crash_abort },
		{ "div-zero", crash_div_zero },
	};
	size_t i;

	if (argc != 2) {
		fputs("usage: crash null|write-text|exec-stack|stack-overflow|abort|div-zero\n", stderr);
		return 2;
	}
	if (strcmp(argv[1], "stack-overflow") == 0)
		return crash_recurse(0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (strcmp(argv[1], cases[i].name) == 0)
			return cases[i].fn();
	fprintf(stderr, "crash: unknown case '%s'\n", argv[1]);
	return 2;
}
