/* args.c: prints its argv and environment, then exits with $STATUS; "spin" as argv[1] never ends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	for (char **e = environ; *e; e++)
		printf("env %s\n", *e);
	fflush(stdout);
	if (argc > 1 && strcmp(argv[1], "spin") == 0)
		for (;;)
			;
	const char *status = getenv("STATUS");
	return status ? atoi(status) : 0;
}
