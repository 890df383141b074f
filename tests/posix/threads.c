/* Thread stress: N threads x M iterations over mutex, condition variable, barrier, rwlock and
 * semaphore, with exact expected results; prints one line per primitive. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>

enum { N = 4, M = 20000, ROUNDS = 200, ITEMS = 5000 };

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *mutex_worker(void *a)
{
	(void)a;
	for (int i = 0; i < M; i++) {
		pthread_mutex_lock(&mu);
		counter++;
		pthread_mutex_unlock(&mu);
	}
	return 0;
}

/* A bounded queue: N producers, one consumer. */
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER, not_full = PTHREAD_COND_INITIALIZER;
static int queue[16], qhead, qlen;

static void *producer(void *a)
{
	long base = (long)a;
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&mu);
		while (qlen == 16)
			pthread_cond_wait(&not_full, &mu);
		queue[(qhead + qlen++) % 16] = (int)(base + i);
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&mu);
	}
	return 0;
}

static pthread_barrier_t bar;
static long round_sum[ROUNDS];

static void *barrier_worker(void *a)
{
	long id = (long)a;
	for (int r = 0; r < ROUNDS; r++) {
		__atomic_add_fetch(&round_sum[r], id + 1, __ATOMIC_RELAXED);
		pthread_barrier_wait(&bar);
		if (round_sum[r] != N * (N + 1) / 2)
			abort();   /* someone ran ahead of the barrier */
		pthread_barrier_wait(&bar);
	}
	return 0;
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long shared_a, shared_b, bad_reads;

static void *rw_worker(void *a)
{
	long id = (long)a;
	for (int i = 0; i < M / 4; i++) {
		if ((i + id) % 8 == 0) {
			pthread_rwlock_wrlock(&rw);
			shared_a++;
			shared_b++;
			pthread_rwlock_unlock(&rw);
		} else {
			pthread_rwlock_rdlock(&rw);
			if (shared_a != shared_b)
				__atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
			pthread_rwlock_unlock(&rw);
		}
	}
	return 0;
}

static sem_t ping, pong;
static int volleys;

static void *ponger(void *a)
{
	(void)a;
	for (int i = 0; i < M / 10; i++) {
		sem_wait(&ping);
		volleys++;
		sem_post(&pong);
	}
	return 0;
}

static void run_all(void *(*fn)(void *), long arg_step)
{
	pthread_t t[N];
	for (long i = 0; i < N; i++)
		if (pthread_create(&t[i], 0, fn, (void *)(i * arg_step))) {
			puts("pthread_create failed");
			exit(1);
		}
	for (int i = 0; i < N; i++)
		pthread_join(t[i], 0);
}

int main(void)
{
	run_all(mutex_worker, 1);
	printf("mutex: %ld of %d\n", counter, N * M);

	pthread_t prod[N];
	for (long i = 0; i < N; i++)
		pthread_create(&prod[i], 0, producer, (void *)(i * ITEMS));
	long sum = 0;
	for (int i = 0; i < N * ITEMS; i++) {
		pthread_mutex_lock(&mu);
		while (qlen == 0)
			pthread_cond_wait(&not_empty, &mu);
		sum += queue[qhead];
		qhead = (qhead + 1) % 16;
		qlen--;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&mu);
	}
	for (int i = 0; i < N; i++)
		pthread_join(prod[i], 0);
	long n = (long)N * ITEMS;
	printf("condvar: sum %ld expected %ld\n", sum, n * (n - 1) / 2);

	pthread_barrier_init(&bar, 0, N);
	run_all(barrier_worker, 1);
	printf("barrier: %d rounds passed\n", ROUNDS);

	run_all(rw_worker, 1);
	printf("rwlock: %ld writes, %ld torn reads\n", shared_a, bad_reads);

	sem_init(&ping, 0, 0);
	sem_init(&pong, 0, 0);
	pthread_t p;
	pthread_create(&p, 0, ponger, 0);
	for (int i = 0; i < M / 10; i++) {
		sem_post(&ping);
		sem_wait(&pong);
	}
	pthread_join(p, 0);
	printf("semaphore: %d volleys\n", volleys);
	return 0;
}
