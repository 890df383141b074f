/* netstack.c: defines uni_net_stack, the symbol by which uni-run tells that an image has the
 * network stack; this only exercises uni-run's detection (the program uses no sockets). It
 * prints "up", then sleeps argv[1] seconds if given. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* retain: nothing refers to it, and uni-ld links images with --gc-sections. */
__attribute__((retain)) const char uni_net_stack[] = "test";

int main(int argc, char **argv)
{
	puts("up");
	fflush(stdout);
	if (argc > 1)
		sleep((unsigned)atoi(argv[1]));
	return 0;
}
