/* dkweights.c: writes darknet's weights file: a header (major 0, minor 2, revision 0, then a
 * 64-bit count of images seen, 0), then for each convolution and connected layer in order its
 * biases and its weights as float32 in the host's byte order (little-endian on x86_64, as darknet
 * reads them), the order load_weights reads them. */
#include "model.h"
#include "uni.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void put(FILE *f, const void *p, size_t size, size_t n, size_t *total)
{
	if (n && fwrite(p, size, n, f) != n)
		uni_die("writing: the weights failed: %s (fix: free space, or choose another -o "
			"PREFIX)", strerror(errno));
	*total += size * n;
}

size_t dkweights_write(const struct dnet *net, const char *path)
{
	char *tmp = uni_strf("%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f)
		uni_die("writing: cannot create %s: %s (fix: choose a writable -o PREFIX)", tmp, strerror(errno));
	/* darknet reads a 64-bit seen count when major*10 + minor >= 2. */
	int32_t header[3] = { 0, 2, 0 };
	uint64_t seen = 0;
	size_t total = 0;
	put(f, header, sizeof *header, 3, &total);
	put(f, &seen, sizeof seen, 1, &total);
	for (int i = 0; i < net->n; i++) {
		const struct dlayer *d = &net->l[i];
		if (d->type != D_CONV && d->type != D_CONNECTED)
			continue;
		put(f, d->biases, sizeof(float), (size_t)d->filters, &total);
		put(f, d->weights, sizeof(float), d->nweights, &total);
	}
	if (ferror(f) | fclose(f))
		uni_die("writing: cannot write %s: %s (fix: free space, or choose another -o "
			"PREFIX)", tmp, strerror(errno));
	if (rename(tmp, path) != 0)
		uni_die("writing: cannot rename %s to %s: %s (fix: choose a writable -o PREFIX)", tmp, path, strerror(errno));
	return total;
}
