/* webp.c: decodes untrusted WebP bytes with libwebp (still images; animations are refused). */
#include "image.h"

#include <webp/decode.h>

int image_decode_webp(const unsigned char *data, size_t len, size_t max_pixels, struct image *out, struct api_error *e)
{
	WebPBitstreamFeatures f;
	VP8StatusCode st = WebPGetFeatures(data, len, &f);
	if (st == VP8_STATUS_NOT_ENOUGH_DATA) return api_fail(e, 400, "corrupt WebP: the data ends early (truncated)");
	if (st != VP8_STATUS_OK) return api_fail(e, 400, "corrupt WebP: its header cannot be read (libwebp status %d)", st);
	if (f.has_animation) return api_fail(e, 422, "animated WebP images are not supported");
	if (image_alloc(out, f.width, f.height, max_pixels, "WebP", e)) return -1;
	size_t size = (size_t)out->width * out->height * 3;
	if (!WebPDecodeRGBInto(data, len, out->rgb, size, out->width * 3)) {
		image_free(out);
		return api_fail(e, 400, "corrupt WebP: the image data cannot be decoded (damaged or truncated)");
	}
	return 0;
}
