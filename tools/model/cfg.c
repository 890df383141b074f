/* cfg.c: writes a darknet network as cfg text ([net] and one section per layer, each preceded
 * by a comment naming its index, the Keras layers it computes and its output shape). */
#include "model.h"
#include "uni.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void layer(FILE *f, const struct dlayer *d, int i)
{
	fprintf(f, "\n# %d: %s -> %dx%dx%d\n", i, d->from_keras, d->out_h, d->out_w, d->out_c);
	switch (d->type) {
	case D_CONV:
		fprintf(f, "[convolutional]\nfilters=%d\nsize=%d\nstride=%d\npadding=%d\n", d->filters, d->size,
			d->stride, d->padding);
		if (d->groups > 1)
			fprintf(f, "groups=%d\n", d->groups);
		fprintf(f, "activation=%s\n", d->activation);
		break;
	case D_CONNECTED:
		fprintf(f, "[connected]\noutput=%d\nactivation=%s\n", d->filters, d->activation);
		break;
	case D_SHORTCUT:
		fprintf(f, "[shortcut]\nfrom=%d\nactivation=%s\n", d->from, d->activation);
		break;
	case D_ROUTE:
		fprintf(f, "[route]\nlayers=");
		for (int r = 0; r < d->nroute; r++)
			fprintf(f, "%s%d", r ? "," : "", d->route[r]);
		fputc('\n', f);
		break;
	case D_AVGPOOL:
		fprintf(f, "[avgpool]\n");
		break;
	case D_MAXPOOL:
		fprintf(f, "[maxpool]\nsize=%d\nstride=%d\npadding=%d\n", d->size, d->stride, d->padding);
		break;
	case D_SOFTMAX:
		fprintf(f, "[softmax]\ngroups=1\n");
		break;
	case D_ACTIVATION:
		fprintf(f, "[activation]\nactivation=%s\n", d->activation);
		break;
	}
}

void cfg_write(const struct dnet *net, const char *path, const char *source)
{
	char *tmp = uni_strf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		uni_die("writing: cannot create %s: %s (fix: choose a writable -o PREFIX)", tmp, strerror(errno));
	fprintf(f, "# darknet network converted by uni-model from %s: %d layers.\n", source, net->n);
	fprintf(f, "# Input: %dx%dx%d (height x width x channels), channel-first floats as darknet holds images.\n",
		net->h, net->w, net->c);
	fprintf(f, "[net]\nbatch=1\nsubdivisions=1\nwidth=%d\nheight=%d\nchannels=%d\n", net->w, net->h, net->c);
	for (int i = 0; i < net->n; i++)
		layer(f, &net->l[i], i);
	if (ferror(f) | fclose(f))
		uni_die("writing: cannot write %s: %s (fix: free space, or choose another -o "
			"PREFIX)", tmp, strerror(errno));
	if (rename(tmp, path) != 0)
		uni_die("writing: cannot rename %s to %s: %s (fix: choose a writable -o PREFIX)", tmp, path, strerror(errno));
}
