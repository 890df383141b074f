/* resize.c: bilinear stretch with aligned corners into a planar RGB float buffer in [0,1]. */
#include "resize.h"

/* Where output coordinate I of N samples the input of size IN: index LO, LO+1 (clamped) and the weight of LO+1. */
static void source(int i, int n, int in, int *lo, int *hi, float *frac)
{
	float scale = n > 1 ? (float)(in - 1) / (float)(n - 1) : 0.0f;
	float at = (float)i * scale;
	*lo = (int)at;
	if (*lo > in - 1) *lo = in - 1;
	*hi = *lo + 1 < in ? *lo + 1 : in - 1;
	*frac = at - (float)*lo;
}

void resize_to_input(const struct image *img, int w, int h, float *out)
{
	const unsigned char *p = img->rgb;
	size_t stride = (size_t)img->width * 3, plane = (size_t)w * h;
	for (int y = 0; y < h; y++) {
		int y0, y1;
		float fy;
		source(y, h, img->height, &y0, &y1, &fy);
		for (int x = 0; x < w; x++) {
			int x0, x1;
			float fx;
			source(x, w, img->width, &x0, &x1, &fx);
			for (int c = 0; c < 3; c++) {
				float tl = p[y0 * stride + x0 * 3 + c] / 255.0f, tr = p[y0 * stride + x1 * 3 + c] / 255.0f;
				float bl = p[y1 * stride + x0 * 3 + c] / 255.0f, br = p[y1 * stride + x1 * 3 + c] / 255.0f;
				float top = tl + (tr - tl) * fx, bottom = bl + (br - bl) * fx;
				out[c * plane + (size_t)y * w + x] = top + (bottom - top) * fy;
			}
		}
	}
}
