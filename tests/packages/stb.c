/* stb.c: writes a generated picture as PNG, BMP and TGA with stb_image_write into the folder named
 * on the command line, reads them back with stb_image and prints sizes and pixel checksums. */
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image.h>
#include <stb_image_write.h>
#include <stdio.h>
#include "checksum.h"

int main(int argc, char **argv)
{
	enum { W = 64, H = 40 };
	static unsigned char px[W * H * 3];
	char path[4096];
	const char *ext[] = { "png", "bmp", "tga" };
	if (argc != 2) return 2;
	for (int i = 0; i < W * H * 3; i++) px[i] = (i * 7) ^ (i >> 5);
	printf("source pixels %016llx\n", (unsigned long long)fnv1a(0, px, sizeof px));
	for (int k = 0; k < 3; k++) {
		snprintf(path, sizeof path, "%s/out.%s", argv[1], ext[k]);
		int ok = k == 0 ? stbi_write_png(path, W, H, 3, px, W * 3) : k == 1 ? stbi_write_bmp(path, W, H, 3, px) : stbi_write_tga(path, W, H, 3, px);
		int w, h, c;
		unsigned char *back = ok ? stbi_load(path, &w, &h, &c, 3) : NULL;
		if (!back) { printf("%s: write or read failed\n", ext[k]); return 1; }
		printf("%s: %dx%d channels %d pixels %016llx\n", ext[k], w, h, c, (unsigned long long)fnv1a(0, back, (size_t)w * h * 3));
		stbi_image_free(back);
	}
	return 0;
}
