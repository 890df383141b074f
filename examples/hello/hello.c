/* hello: the 30-second tour of uni: arguments, environment, stdin and exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
	fputs("usage: hello [--stdin] [--exit N] [ARG...]\n"
	      "  prints each ARG on its own line, then $GREETING and the variable named by $HELLO_SHOW;\n"
	      "  --stdin reads stdin and prints its line and byte counts; --exit N exits with status N\n",
	      stderr);
}

/* Counts the lines and bytes of stdin. */
static void count_stdin(void)
{
	unsigned long lines = 0, bytes = 0;
	int c;

	while ((c = getchar()) != EOF) {
		bytes++;
		if (c == '\n')
			lines++;
	}
	printf("stdin: %lu lines, %lu bytes\n", lines, bytes);
}

int main(int argc, char **argv)
{
	int status = 0, read_stdin = 0, i;
	const char *greeting, *show;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--stdin") == 0) {
			read_stdin = 1;
		} else if (strcmp(argv[i], "--exit") == 0 && i + 1 < argc) {
			status = atoi(argv[++i]);
		} else if (strcmp(argv[i], "--help") == 0) {
			usage();
			return 0;
		} else {
			printf("arg %d: %s\n", i, argv[i]);
		}
	}

	greeting = getenv("GREETING");
	printf("%s, world!\n", greeting ? greeting : "Hello");

	show = getenv("HELLO_SHOW");
	if (show) {
		const char *value = getenv(show);
		printf("%s=%s\n", show, value ? value : "(unset)");
	}

	if (read_stdin)
		count_stdin();
	return status;
}
