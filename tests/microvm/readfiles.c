/* Prints the first line of each file named on the command line, or that it is missing. */
#include <stdio.h>

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char line[128] = "";
		FILE *f = fopen(argv[i], "r");
		if (!f) {
			printf("%s: missing\n", argv[i]);
			continue;
		}
		fgets(line, sizeof line, f);
		printf("%s: %s", argv[i], line);
		fclose(f);
	}
	return 0;
}
