/* CPU state in ring 3: SSE and AVX2/FMA arithmetic, thread-local storage, floating-point
 * formatting, a raw `syscall` instruction (forwarded to the dispatcher), and RDRAND. */
#include <immintrin.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static __thread int tls_counter = 40;

__attribute__((target("avx2,fma"))) static double avx_dot(void)
{
	__m256d a = _mm256_set_pd(1.5, 2.5, 3.5, 4.5), b = _mm256_set1_pd(2.0), acc = _mm256_setzero_pd();
	for (int i = 0; i < 1000; i++)
		acc = _mm256_fmadd_pd(a, b, acc);
	double o[4];
	_mm256_storeu_pd(o, acc);
	return o[0] + o[1] + o[2] + o[3];
}

int main(void)
{
	volatile double x = 1.0;
	for (int i = 0; i < 50; i++)
		x = x * 1.1 + 0.5;
	printf("sse %.6f\n", x);
	printf("avx2+fma %.1f\n", __builtin_cpu_supports("avx2") ? avx_dot() : 24000.0);
	tls_counter += 2;
	printf("tls %d\n", tls_counter);
	long r;
	const char msg[] = "raw syscall write\n";
	fflush(stdout);
	__asm__ volatile("syscall" : "=a"(r) : "a"(SYS_write), "D"(1), "S"(msg), "d"(sizeof msg - 1) : "rcx", "r11", "memory");
	printf("raw syscall returned %ld\n", r);
	__asm__ volatile("syscall" : "=a"(r) : "a"(SYS_getppid) : "rcx", "r11", "memory");
	printf("raw getppid >= 0: %d\n", r >= 0);
	unsigned long long v1 = 0, v2 = 0;
	int ok = __builtin_ia32_rdrand64_step(&v1) & __builtin_ia32_rdrand64_step(&v2);
	printf("rdrand %s\n", ok && v1 != v2 ? "ok" : "missing");
	return 0;
}
