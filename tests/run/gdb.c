/* gdb.c: a guest for gdb.test: main calls twice(), where the debugger stops. */
#include <stdio.h>

static int twice(int x)
{
	return 2 * x;
}

int main(int argc, char **argv)
{
	(void)argv;
	printf("%d\n", twice(argc));
	return 0;
}
