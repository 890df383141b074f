/* futex.c: the futex calls' results and errnos (printed, to compare with the linux build), and
 * wait/wake stress that would hang if a wake-up were lost (the runner's timeout catches it).
 * 'futex calls': each operation's answer, with and without waiters. 'futex stress T M': T
 * threads (2 to 16) pass a baton round a ring of words M times, each waiting on its own word
 * (half of them with a short timeout, so timeouts race wakes); T threads add M times to one
 * counter under one mutex; T/2 producers and T/2 consumers pass M items each through a
 * bounded queue (condvars); prints what each counted. A watchdog tells a stall from a slow
 * run: with no progress for 15 s it prints the ring's words, wakes every waiter and says how
 * many that woke (a lost wake-up leaves a thread asleep on a word already set), and exits 3. */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

/* Linux's values (musl has no <linux/futex.h>). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128

static long futex(void *w, int op, long val, const void *timeout, void *w2, long val3)
{
	return syscall(SYS_futex, w, op | FUTEX_PRIVATE_FLAG, val, timeout, w2, val3);
}

/* Prints "label: R" or "label: -1 ENAME". */
static void show(const char *label, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", label, errname(errno));
	else
		printf("%s: %ld\n", label, r);
}

static uint32_t words[2] __attribute__((aligned(64)));

/* Waits on the word it is given, with bitset 1, until a wake (the word stays 0). */
static void *waiter(void *w)
{
	while (futex(w, FUTEX_WAIT_BITSET, 0, 0, 0, 1) == -1 && errno == EINTR)
		;
	return 0;
}

/* Waits until n threads wait on w: a requeue of w onto itself moves (counts) them all. */
static void until_waiting(uint32_t *w, int n)
{
	while (futex(w, FUTEX_REQUEUE, 0, (void *)(long)n, w, 0) != n)
		usleep(1000);
}

static int calls(void)
{
	struct timespec ms = { 0, 1000000 }, bad = { 0, 1000000000 };
	char *raw = (char *)words + 1;
	void *none = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	words[0] = 5;
	show("wait, word differs", futex(&words[0], FUTEX_WAIT, 4, 0, 0, 0));
	show("wait_bitset, word differs", futex(&words[0], FUTEX_WAIT_BITSET, 4, 0, 0, 1));
	show("wait, word matches, 1 ms", futex(&words[0], FUTEX_WAIT, 5, &ms, 0, 0));
	show("wait, misaligned", futex(raw, FUTEX_WAIT, 5, 0, 0, 0));
	show("wait, misaligned, unreadable timeout", futex(raw, FUTEX_WAIT, 5, none, 0, 0));
	show("wait, tv_nsec 1e9", futex(&words[0], FUTEX_WAIT, 4, &bad, 0, 0));
	show("wait, unreadable word", futex(none, FUTEX_WAIT, 0, 0, 0, 0));
	show("wait_bitset, bitset 0", futex(&words[0], FUTEX_WAIT_BITSET, 4, 0, 0, 0));
	show("wake, no waiter", futex(&words[0], FUTEX_WAKE, 1, 0, 0, 0));
	show("wake, misaligned", futex(raw, FUTEX_WAKE, 1, 0, 0, 0));
	show("wake_bitset, bitset 0", futex(&words[0], FUTEX_WAKE_BITSET, 1, 0, 0, 0));
	show("wake_bitset, no waiter", futex(&words[0], FUTEX_WAKE_BITSET, 1, 0, 0, 1));
	show("requeue, no waiter", futex(&words[0], FUTEX_REQUEUE, 1, (void *)1L, &words[1], 0));
	show("cmp_requeue, word differs", futex(&words[0], FUTEX_CMP_REQUEUE, 1, (void *)1L, &words[1], 4));
	show("cmp_requeue, no waiter", futex(&words[0], FUTEX_CMP_REQUEUE, 1, (void *)1L, &words[1], 5));
	show("cmp_requeue, unreadable word", futex(none, FUTEX_CMP_REQUEUE, 1, (void *)1L, &words[1], 5));

	/* Three waiters on words[0] (bitset 1): none woken for bitset 2; then one woken, one
	 * moved to words[1], and each woken by a plain wake of its word. */
	words[0] = words[1] = 0;
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], 0, waiter, &words[0]);
	until_waiting(&words[0], 3);
	show("wake_bitset of 3 waiters, bitset 2", futex(&words[0], FUTEX_WAKE_BITSET, 3, 0, 0, 2));
	show("cmp_requeue of 3 waiters, word differs", futex(&words[0], FUTEX_CMP_REQUEUE, 1, (void *)1L, &words[1], 1));
	show("cmp_requeue of 3 waiters: wake 1, move 1", futex(&words[0], FUTEX_CMP_REQUEUE, 1, (void *)1L, &words[1], 0));
	until_waiting(&words[0], 1);
	until_waiting(&words[1], 1);
	show("wake all on the second word", futex(&words[1], FUTEX_WAKE, INT_MAX, 0, 0, 0));
	show("wake all on the first word", futex(&words[0], FUTEX_WAKE, INT_MAX, 0, 0, 0));
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], 0);
	show("wake after they left", futex(&words[0], FUTEX_WAKE, INT_MAX, 0, 0, 0));
	return 0;
}

static int nthreads;
static long rounds;

/* The ring: thread i may move when turn is i; its word is set when it is its turn. */
static struct { uint32_t go; } __attribute__((aligned(64))) ring[16];
static volatile uint32_t turn;
static long timeouts;

static long progress;

static void *watchdog(void *arg)
{
	long seen = -1;
	for (int still = 0; still < 15; ) {
		sleep(1);
		long now = __atomic_load_n(&progress, __ATOMIC_RELAXED);
		still = now == seen ? still + 1 : 0;
		seen = now;
	}
	fprintf(stderr, "stalled for 15 s after %ld steps; ring words:", seen);
	for (int i = 0; i < nthreads; i++)
		fprintf(stderr, " %u", ring[i].go);
	long woken = 0;
	for (int i = 0; i < nthreads; i++)
		woken += futex(&ring[i].go, FUTEX_WAKE, INT_MAX, 0, 0, 0);
	fprintf(stderr, "; turn %u; a wake of each woke %ld\n", turn, woken);
	_exit(3);
	return arg;
}

static void *baton(void *arg)
{
	int i = (int)(intptr_t)arg, next = (i + 1) % nthreads;
	struct timespec short_wait = { 0, 50000 };
	for (long r = 0; r < rounds; r++) {
		while (!__atomic_load_n(&ring[i].go, __ATOMIC_ACQUIRE))
			if (futex(&ring[i].go, FUTEX_WAIT, 0, i % 2 ? &short_wait : 0, 0, 0) == -1 && errno == ETIMEDOUT)
				__atomic_fetch_add(&timeouts, 1, __ATOMIC_RELAXED);
		if (turn != (uint32_t)i)
			abort();
		__atomic_store_n(&ring[i].go, 0, __ATOMIC_RELAXED);
		turn = (uint32_t)next;
		__atomic_store_n(&ring[next].go, 1, __ATOMIC_SEQ_CST);
		futex(&ring[next].go, FUTEX_WAKE, 1, 0, 0, 0);
		__atomic_fetch_add(&progress, 1, __ATOMIC_RELAXED);
	}
	return 0;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add(void *arg)
{
	for (long r = 0; r < rounds; r++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		__atomic_fetch_add(&progress, 1, __ATOMIC_RELAXED);
	}
	return arg;
}

/* A queue of 4 slots between producers and consumers. */
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static long queue[4], head, tail, consumed_sum;

static void *produce(void *arg)
{
	for (long r = 1; r <= rounds; r++) {
		pthread_mutex_lock(&lock);
		while (tail - head == 4)
			pthread_cond_wait(&not_full, &lock);
		queue[tail++ % 4] = r;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&lock);
	}
	return arg;
}

static void *consume(void *arg)
{
	for (long r = 0; r < rounds; r++) {
		pthread_mutex_lock(&lock);
		while (tail == head)
			pthread_cond_wait(&not_empty, &lock);
		consumed_sum += queue[head++ % 4];
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&lock);
		__atomic_fetch_add(&progress, 1, __ATOMIC_RELAXED);
	}
	return arg;
}

static void run_all(void *(*fn)(void *), int n, int by_index)
{
	pthread_t t[16];
	for (int i = 0; i < n; i++)
		if (pthread_create(&t[i], 0, fn, by_index ? (void *)(intptr_t)i : 0))
			abort();
	for (int i = 0; i < n; i++)
		pthread_join(t[i], 0);
}

static int stress(void)
{
	pthread_t w;
	if (pthread_create(&w, 0, watchdog, 0))
		abort();
	turn = 0;
	ring[0].go = 1;
	run_all(baton, nthreads, 1);
	printf("ring: %d threads passed the baton %ld times (turn back at %u)\n", nthreads, nthreads * rounds, turn);
	fprintf(stderr, "ring: %ld short waits timed out\n", timeouts);
	long woken = 0;
	for (int i = 0; i < nthreads; i++)
		woken += futex(&ring[i].go, FUTEX_WAKE, INT_MAX, 0, 0, 0);
	printf("ring: waiters left: %ld\n", woken);

	run_all(add, nthreads, 0);
	printf("mutex: %d threads x %ld additions: %ld\n", nthreads, rounds, counter);

	pthread_t p[8], c[8];
	for (int i = 0; i < nthreads / 2; i++)
		if (pthread_create(&p[i], 0, produce, 0) || pthread_create(&c[i], 0, consume, 0))
			abort();
	for (int i = 0; i < nthreads / 2; i++) {
		pthread_join(p[i], 0);
		pthread_join(c[i], 0);
	}
	printf("queue: %d producers x %ld items: sum %ld\n", nthreads / 2, rounds, consumed_sum);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "calls"))
		return calls();
	if (argc == 4 && !strcmp(argv[1], "stress")) {
		nthreads = atoi(argv[2]);
		rounds = atol(argv[3]);
		if (nthreads >= 2 && nthreads <= 16 && nthreads % 2 == 0 && rounds > 0)
			return stress();
	}
	fprintf(stderr, "usage: futex calls | futex stress THREADS(2-16, even) ROUNDS\n");
	return 2;
}
