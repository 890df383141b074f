/* futexbench: what futex calls cost threads that do not share a word, and two that do.
 * 'futexbench MODE THREADS N': THREADS threads (1 to 16) each make N operations at once on
 * a word (or mutex) of their own, MODE being mutex (pthread_mutex_lock + unlock, uncontended),
 * wake (FUTEX_WAKE with no waiter), eagain (FUTEX_WAIT on a value the word does not hold).
 * 'futexbench pingpong [PAIRS] N': two threads hand a word back and forth N times, each
 * waiting in FUTEX_WAIT for its turn (contended); PAIRS pairs (default 1, up to 8) at once,
 * each on a word of its own. Prints "futex MODE threads=T ns_per_op=X", X the elapsed time
 * over N (pingpong: per hand-over of one pair, one wait and one wake). */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Linux's values (musl has no <linux/futex.h>). */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

/* One word and one mutex per thread, each on its own cache line. */
static struct slot {
	uint32_t word;
	pthread_mutex_t mutex;
} __attribute__((aligned(64))) slots[16];

static const char *mode;
static long n;

static long futex(volatile uint32_t *w, int op, uint32_t v)
{
	return syscall(SYS_futex, w, op, v, 0, 0, 0);
}

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void *own(void *arg)
{
	struct slot *s = arg;
	for (long i = 0; i < n; i++) {
		if (mode[0] == 'm') {
			pthread_mutex_lock(&s->mutex);
			s->word++;
			pthread_mutex_unlock(&s->mutex);
		} else if (mode[0] == 'w') {
			if (futex(&s->word, FUTEX_WAKE_PRIVATE, 1) != 0)
				abort();
		} else if (futex(&s->word, FUTEX_WAIT_PRIVATE, 1) != -1 || errno != EAGAIN) {
			abort();
		}
	}
	return 0;
}

/* Player i of pair i / 2 moves when its pair's word is p = i % 2: sets it to the other's
 * number and wakes it. */
static void *play(void *arg)
{
	uintptr_t i = (uintptr_t)arg;
	uint32_t p = i % 2, *shared = &slots[i / 2].word;
	for (long k = 0; k < n; k++) {
		while (__atomic_load_n(shared, __ATOMIC_ACQUIRE) != p)
			futex(shared, FUTEX_WAIT_PRIVATE, !p);
		__atomic_store_n(shared, !p, __ATOMIC_SEQ_CST);
		futex(shared, FUTEX_WAKE_PRIVATE, 1);
	}
	return 0;
}

int main(int argc, char **argv)
{
	mode = argc > 1 ? argv[1] : "";
	int pingpong = !strcmp(mode, "pingpong");
	int ok = argc == 4 || (pingpong && argc == 3);
	int threads = !ok ? 0 : pingpong ? 2 * (argc == 4 ? atoi(argv[2]) : 1) : atoi(argv[2]);
	n = ok ? atol(argv[argc - 1]) : 0;
	if ((!pingpong && strcmp(mode, "mutex") && strcmp(mode, "wake") && strcmp(mode, "eagain")) ||
	    threads < 1 || threads > 16 || n < 1) {
		fprintf(stderr, "usage: futexbench mutex|wake|eagain THREADS N | futexbench pingpong [PAIRS] N\n");
		return 2;
	}
	pthread_t t[16];
	for (int i = 0; i < threads; i++)
		pthread_mutex_init(&slots[i].mutex, 0);
	double t0 = now_ns();
	for (int i = 0; i < threads; i++)
		if (pthread_create(&t[i], 0, pingpong ? play : own, pingpong ? (void *)(uintptr_t)i : &slots[i]))
			return 1;
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], 0);
	printf("futex %s threads=%d ns_per_op=%.1f\n", mode, threads, (now_ns() - t0) / (pingpong ? 2.0 * n : n));
	return 0;
}
