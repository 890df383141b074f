/* mallocbench: allocation-heavy workloads for comparing allocators (bench/malloc.sh). Each
 * prints "NAME MS CHECK": the best of 3 runs in ms, and a checksum of what it computed that
 * must agree across allocators (the same work was done).
 *   churn:   one thread keeps 100,000 live blocks of 8-512 bytes and replaces a random one
 *            2,000,000 times, touching each new block (a cache or session table).
 *   threads: the same with 2 threads, 1,000,000 replacements each, blocks freed by the thread
 *            that made them.
 *   handoff: one thread allocates 1,000,000 blocks that a second one frees (a queue between
 *            a reader and a worker).
 *   build:   builds a 1,000,000-entry chained hash table of strdup'd keys, looks each up,
 *            frees it all (an in-memory key-value store's load and flush). */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LIVE 100000

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static uint64_t rng(uint64_t *s)   /* xorshift64: the same sequence everywhere */
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static uint64_t churn_run(uint64_t seed, long ops)
{
	char **slot = calloc(LIVE, sizeof *slot);
	uint64_t sum = 0;
	if (!slot)
		abort();
	for (long i = 0; i < ops; i++) {
		size_t k = rng(&seed) % LIVE, n = 8 + rng(&seed) % 505;
		free(slot[k]);
		if (!(slot[k] = malloc(n)))
			abort();
		memset(slot[k], (int)(i & 0xff), n);
		sum += (unsigned char)slot[k][n / 2] + n;
	}
	for (size_t k = 0; k < LIVE; k++)
		free(slot[k]);
	free(slot);
	return sum;
}

static uint64_t churn(void)
{
	return churn_run(88172645463325252ull, 2000000);
}

static void *churn_thread(void *arg)
{
	uint64_t *r = arg;
	*r = churn_run(*r, 1000000);
	return NULL;
}

static uint64_t threads(void)
{
	pthread_t t;
	uint64_t a = 1234567, b = 7654321;
	if (pthread_create(&t, NULL, churn_thread, &a))
		abort();
	churn_thread(&b);
	pthread_join(t, NULL);
	return a + b;
}

#define RING 4096
static struct { char *volatile p[RING]; volatile long head, tail; } ring;

static void *handoff_freer(void *arg)
{
	long n = *(long *)arg;
	uint64_t sum = 0;
	for (long i = 0; i < n; i++) {
		while (__atomic_load_n(&ring.tail, __ATOMIC_ACQUIRE) == i)
			sched_yield();
		char *p = ring.p[i % RING];
		sum += (unsigned char)p[0];
		free(p);
		__atomic_store_n(&ring.head, i + 1, __ATOMIC_RELEASE);
	}
	*(long *)arg = (long)sum;
	return NULL;
}

static uint64_t handoff(void)
{
	long n = 1000000, arg = n;
	uint64_t seed = 42;
	pthread_t t;
	ring.head = ring.tail = 0;
	if (pthread_create(&t, NULL, handoff_freer, &arg))
		abort();
	for (long i = 0; i < n; i++) {
		while (i - __atomic_load_n(&ring.head, __ATOMIC_ACQUIRE) >= RING)
			sched_yield();
		size_t sz = 16 + rng(&seed) % 241;
		char *p = malloc(sz);
		if (!p)
			abort();
		memset(p, (int)(i & 0x7f), sz);
		ring.p[i % RING] = p;
		__atomic_store_n(&ring.tail, i + 1, __ATOMIC_RELEASE);
	}
	pthread_join(t, NULL);
	return (uint64_t)arg;
}

struct entry { struct entry *next; char *key; long value; };

static uint64_t build(void)
{
	enum { N = 1000000, BUCKETS = 1 << 18 };
	struct entry **b = calloc(BUCKETS, sizeof *b);
	uint64_t sum = 0;
	char key[32];
	if (!b)
		abort();
	for (long i = 0; i < N; i++) {
		int len = snprintf(key, sizeof key, "key:%ld:%lx", i, (unsigned long)i * 2654435761u);
		struct entry *e = malloc(sizeof *e);
		if (!e || !(e->key = strdup(key)))
			abort();
		uint32_t h = 2166136261u;
		for (int j = 0; j < len; j++)
			h = (h ^ (unsigned char)key[j]) * 16777619u;
		e->value = i;
		e->next = b[h % BUCKETS];
		b[h % BUCKETS] = e;
	}
	for (long i = 0; i < BUCKETS; i++)
		for (struct entry *e = b[i]; e; e = e->next)
			sum += (uint64_t)e->value + (unsigned char)e->key[4];
	for (long i = 0; i < BUCKETS; i++)
		for (struct entry *e = b[i], *next; e; e = next) {
			next = e->next;
			free(e->key);
			free(e);
		}
	free(b);
	return sum;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; uint64_t (*fn)(void); } w[] = {
		{ "churn", churn }, { "threads", threads }, { "handoff", handoff }, { "build", build },
	};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		if (argc > 1 && strcmp(argv[1], w[i].name))
			continue;
		double best = 1e30;
		uint64_t check = 0;
		for (int r = 0; r < 3; r++) {
			double t0 = now_ms();
			check = w[i].fn();
			double t = now_ms() - t0;
			if (t < best)
				best = t;
		}
		printf("%s %.1f %llu\n", w[i].name, best, (unsigned long long)check);
		fflush(stdout);
	}
	return 0;
}
