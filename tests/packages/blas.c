/* blas.c: cblas_sgemm and cblas_dgemm on N x N matrices (default 512) against a naive reference
 * computed in double; prints the relative error (max |C - R| / max |R|) verdicts, and OpenBLAS's
 * chosen core and thread count on lines starting with "info:". OPENBLAS_NUM_THREADS=N is also
 * applied with openblas_set_num_threads(N). */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

char *openblas_get_corename(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int);

static double rnd(unsigned *s)
{
	*s = *s * 1664525u + 1013904223u;
	return (double)(*s >> 8) / (1 << 24) - 0.5;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 512, bad = 0;
	unsigned s = 42;
	float *fa = malloc(sizeof(float) * n * n), *fb = malloc(sizeof(float) * n * n), *fc = malloc(sizeof(float) * n * n);
	double *da = malloc(sizeof(double) * n * n), *db = malloc(sizeof(double) * n * n), *dc = malloc(sizeof(double) * n * n);
	double *ref = malloc(sizeof(double) * n * n);
	for (int i = 0; i < n * n; i++) da[i] = fa[i] = (float)rnd(&s), db[i] = fb[i] = (float)rnd(&s), dc[i] = fc[i] = 1.0f;
	/* R = 1.5 * A * B^T + 0.5 * C, with C all ones. */
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			double acc = 0;
			for (int k = 0; k < n; k++) acc += da[i * n + k] * db[j * n + k];
			ref[i * n + j] = 1.5 * acc + 0.5;
		}
	/* OpenBLAS caps OPENBLAS_NUM_THREADS at the number of CPUs; an image has one vCPU, so ask
	 * for the threads explicitly (they share the vCPU, preemptively scheduled). */
	if (getenv("OPENBLAS_NUM_THREADS")) openblas_set_num_threads(atoi(getenv("OPENBLAS_NUM_THREADS")));
	printf("info: core %s, threads %d\n", openblas_get_corename(), openblas_get_num_threads());
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, n, 1.5f, fa, n, fb, n, 0.5f, fc, n);
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, n, 1.5, da, n, db, n, 0.5, dc, n);
	double es = 0, ed = 0, m = 0;
	for (int i = 0; i < n * n; i++) {
		es = fmax(es, fabs(fc[i] - ref[i]));
		ed = fmax(ed, fabs(dc[i] - ref[i]));
		m = fmax(m, fabs(ref[i]));
	}
	printf("info: sgemm relerr %.3g, dgemm relerr %.3g\n", es / m, ed / m);
	printf("sgemm %dx%d: relative error %s 1e-4\n", n, n, es / m <= 1e-4 ? "<=" : "> (FAILED)");
	printf("dgemm %dx%d: relative error %s 1e-4\n", n, n, ed / m <= 1e-4 ? "<=" : "> (FAILED)");
	bad = !(es / m <= 1e-4 && ed / m <= 1e-4);
	puts(bad ? "RESULT: FAILED" : "RESULT: ok");
	return bad;
}
