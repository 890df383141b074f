/* darknet.c: a forward pass of a small network (cfg file named on the command line: conv with
 * relu6, maxpool, conv with leaky, connected, softmax) whose weights and input are generated
 * deterministically here; prints every output and a checksum of the first layer's activations. */
#include <darknet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned seed = 7;
static float rnd(void)
{
	seed = seed * 1664525u + 1013904223u;
	return (float)(seed >> 8) / (1 << 24) - 0.5f;
}

static void fill(float *p, int n, float scale)
{
	for (int i = 0; i < n; i++) p[i] = rnd() * scale;
}

int main(int argc, char **argv)
{
	if (argc != 2) { fprintf(stderr, "usage: darknet CFG\n"); return 2; }
	network *net = parse_network_cfg(argv[1]);
	set_batch_network(net, 1);
	for (int i = 0; i < net->n; i++) {
		layer *l = &net->layers[i];
		if (l->type == CONVOLUTIONAL) fill(l->weights, l->nweights, 4.0f), fill(l->biases, l->n, 0.5f);
		if (l->type == CONNECTED) fill(l->weights, l->inputs * l->outputs, 0.002f), fill(l->biases, l->outputs, 0.1f);
	}
	int in = net->w * net->h * net->c;
	float *x = malloc(sizeof(float) * in);
	for (int i = 0; i < in; i++) x[i] = (float)((i * 37) % 101) / 100.0f;
	float *y = network_predict(net, x);
	layer l0 = net->layers[0];
	double sum = 0;
	int sixes = 0;
	for (int i = 0; i < l0.outputs; i++) sum += l0.output[i], sixes += l0.output[i] == 6.0f;
	printf("layers %d, input %dx%dx%d, first layer %s: sum %.4f, %d outputs clipped at 6\n", net->n, net->w, net->h,
	       net->c, l0.activation == RELU6 ? "relu6" : "not relu6", sum, sixes);
	int outs = net->layers[net->n - 1].outputs;
	for (int i = 0; i < outs; i++) printf("out[%d] = %.5f\n", i, y[i]);
	free(x);
	free_network(net);
	return 0;
}
