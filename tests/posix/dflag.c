/* dflag: the direction flag across interrupts. Two threads spend a second mostly with DF set
 * (std ... cld, as musl's memmove does when it copies backwards over an overlap), so timer
 * interrupts and thread switches land there. The runtime's entry code must not run with the
 * program's DF (C code's rep stos and rep movs would go backwards), and the program must get
 * its DF back. Prints how many stretches kept DF set throughout; the linux build prints the same. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* One stretch with DF set; returns the flags read just before cld. */
static unsigned long backwards_stretch(void)
{
	unsigned long flags;
	__asm__ volatile("std\n\t"
			 "mov $200000, %%ecx\n"
			 "1:\tdec %%ecx\n\t"
			 "jnz 1b\n\t"
			 "pushf\n\t"
			 "pop %0\n\t"
			 "cld"
			 : "=r"(flags) : : "rcx", "cc", "memory");
	return flags;
}

static void *spin(void *arg)
{
	long *lost = arg;
	double end = seconds() + 1.0;
	while (seconds() < end)
		if (!(backwards_stretch() & 0x400))
			++*lost;
	return 0;
}

int main(void)
{
	long lost[2] = { 0, 0 };
	pthread_t t;
	if (pthread_create(&t, 0, spin, &lost[1]) != 0) {
		puts("pthread_create failed");
		return 1;
	}
	spin(&lost[0]);
	pthread_join(t, 0);
	printf("stretches that lost DF: %ld\n", lost[0] + lost[1]);
	return lost[0] + lost[1] != 0;
}
