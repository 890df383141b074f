/* env.c: a guest for env.test: prints its working directory and environment, one per line. */
#include <stdio.h>
#include <unistd.h>

extern char **environ;

int main(void)
{
	char cwd[512];
	printf("cwd=%s\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
	for (char **p = environ; *p; p++)
		printf("%s\n", *p);
	return 0;
}
