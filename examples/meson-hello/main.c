/* main.c: says hello with its arguments and checks a zlib round trip of the greeting. */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

int main(int argc, char **argv)
{
	char msg[256] = "hello from meson", back[256];
	unsigned char z[512];
	uLongf zn = sizeof z, bn = sizeof back;
	for (int i = 1; i < argc; i++) strncat(msg, " ", sizeof msg - strlen(msg) - 1), strncat(msg, argv[i], sizeof msg - strlen(msg) - 1);
	if (compress(z, &zn, (const Bytef *)msg, strlen(msg) + 1) != Z_OK || uncompress((Bytef *)back, &bn, z, zn) != Z_OK ||
	    strcmp(msg, back)) {
		puts("zlib round trip FAILED");
		return 1;
	}
	printf("%s (zlib %s: %zu -> %lu bytes)\n", back, zlibVersion(), strlen(msg) + 1, (unsigned long)zn);
	return 0;
}
