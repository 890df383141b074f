/* sgemm [N] [REPS]: single-precision matrix multiply of two N x N matrices (default 512)
 * with OpenBLAS on one thread, REPS times (default 20); prints "sgemm value=X GFLOP_per_s"
 * and a checksum so that every platform is seen to compute the same thing. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void openblas_set_num_threads(int);

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 512, reps = argc > 2 ? atoi(argv[2]) : 20;
	float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n), *c = malloc(sizeof(float) * n * n);
	if (!a || !b || !c)
		return 1;
	for (int i = 0; i < n * n; i++) {
		a[i] = (float)(i % 17) / 17.0f;
		b[i] = (float)(i % 13) / 13.0f;
	}
	openblas_set_num_threads(1);
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);   /* warm-up */
	double t0 = now_ns();
	for (int r = 0; r < reps; r++)
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
	double t = (now_ns() - t0) / 1e9;
	double sum = 0;
	for (int i = 0; i < n * n; i += 97)
		sum += c[i];
	printf("sgemm n=%d value=%.2f GFLOP_per_s (check %.3f)\n", n, 2.0 * n * n * n * reps / t / 1e9, sum);
	return 0;
}
