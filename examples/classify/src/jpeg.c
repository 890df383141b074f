/* jpeg.c: decodes untrusted JPEG bytes with libjpeg-turbo; errors longjmp back here, and running out
 * of data before the last pixel row (libjpeg only warns, padding the image with gray) is one too. */
#include "image.h"

#include <setjmp.h>
#include <stdio.h>

#include <jerror.h>
#include <jpeglib.h>

/* Progressive JPEGs can hold thousands of tiny scans, each costing a pass over the image. */
#define MAX_SCANS 1000

struct failure {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	int eof_is_error; /* cleared once every pixel row is read: a missing end marker is tolerated */
};

static void on_error(j_common_ptr c)
{
	longjmp(((struct failure *)c->err)->jump, 1);
}

/* Warnings (level -1) are not printed; running out of data before the last row is an error. */
static void on_message(j_common_ptr c, int level)
{
	if (level == -1 && c->err->msg_code == JWRN_JPEG_EOF && ((struct failure *)c->err)->eof_is_error) on_error(c);
}

static void on_progress(j_common_ptr c)
{
	j_decompress_ptr d = (j_decompress_ptr)c;
	if (d->input_scan_number > MAX_SCANS) {
		c->err->msg_code = JERR_BAD_PROGRESSION;
		c->err->msg_parm.i[0] = d->input_scan_number;
		on_error(c);
	}
}

int image_decode_jpeg(const unsigned char *data, size_t len, size_t max_pixels, struct image *out, struct api_error *e)
{
	struct jpeg_decompress_struct d;
	struct failure fail;
	struct jpeg_progress_mgr progress = { .progress_monitor = on_progress };
	d.err = jpeg_std_error(&fail.mgr);
	fail.mgr.error_exit = on_error;
	fail.mgr.emit_message = on_message;
	fail.eof_is_error = 1;
	if (setjmp(fail.jump)) {
		char why[JMSG_LENGTH_MAX];
		if (fail.mgr.msg_code == JWRN_JPEG_EOF)
			snprintf(why, sizeof why, "the data ends early (truncated)");
		else if (fail.mgr.msg_code == JERR_BAD_PROGRESSION)
			snprintf(why, sizeof why, "more than %d progressive scans", MAX_SCANS);
		else
			fail.mgr.format_message((j_common_ptr)&d, why);
		jpeg_destroy_decompress(&d);
		image_free(out);
		return api_fail(e, 400, "corrupt JPEG: %s", why);
	}
	jpeg_create_decompress(&d);
	d.progress = &progress;
	jpeg_mem_src(&d, data, len);
	jpeg_read_header(&d, TRUE);
	if (d.jpeg_color_space == JCS_CMYK || d.jpeg_color_space == JCS_YCCK) {
		jpeg_destroy_decompress(&d);
		return api_fail(e, 422, "CMYK JPEG images are not supported; send RGB or grayscale");
	}
	if (image_alloc(out, d.image_width, d.image_height, max_pixels, "JPEG", e)) {
		jpeg_destroy_decompress(&d);
		return -1;
	}
	d.out_color_space = JCS_RGB;
	jpeg_start_decompress(&d);
	while (d.output_scanline < d.output_height) {
		JSAMPROW row = out->rgb + (size_t)d.output_scanline * out->width * 3;
		jpeg_read_scanlines(&d, &row, 1);
	}
	fail.eof_is_error = 0;
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	return 0;
}
