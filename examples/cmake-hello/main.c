/* cmake-hello: prints its arguments and a small computed value; --fail exits with status 1. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	int i, sum = 0;

	if (argc > 1 && strcmp(argv[1], "--fail") == 0)
		return 1;
	printf("argc=%d\n", argc);
	for (i = 1; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	for (i = 1; i <= 100; i++)
		sum += i;
	printf("sum=%d\n", sum);
	return 0;
}
