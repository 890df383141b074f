/* mutexes.c: what musl's priority-inheritance and robust mutexes ask of the system:
 * FUTEX_LOCK_PI/TRYLOCK_PI/UNLOCK_PI (contended counting, timeouts, EDEADLK and EPERM on the
 * raw calls), set/get_robust_list, and the owner-died protocol both when a thread ends with
 * pthread_exit (musl walks its list) and when it ends with a bare SYS_exit (the system walks
 * it), and a named semaphore (sem_open: a shared file mapping). Prints lines to compare with
 * the linux build. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8

static pthread_mutex_t pi, robust, shared_robust;
static long counter;

static void *count(void *arg)
{
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&pi);
		counter++;
		if (i % 1000 == 0)
			sched_yield();   /* holding it: the other thread must wait in the kernel */
		pthread_mutex_unlock(&pi);
	}
	return arg;
}

static volatile int held;

/* Locks m and ends: with pthread_exit, musl marks m's owner dead itself; with a bare SYS_exit
 * (m process-shared, the only kind musl registers with set_robust_list) the system must. */
static void *hold_and_exit(void *m)
{
	pthread_mutex_lock(m);
	held = 1;
	if (m == &shared_robust) {
		usleep(100000);   /* the main thread now waits for m */
		syscall(SYS_exit, 0);
	}
	pthread_exit(0);
}

static void *hold_pi_briefly(void *arg)
{
	pthread_mutex_lock(&pi);
	usleep(300000);
	pthread_mutex_unlock(&pi);
	return arg;
}

static int raw(volatile uint32_t *w, int op, const struct timespec *t)
{
	return syscall(SYS_futex, w, op, 0, t, 0, 0) ? errno : 0;
}

static void owner_died(const char *how, pthread_mutex_t *m)
{
	pthread_t t;
	held = 0;
	pthread_create(&t, 0, hold_and_exit, m);
	if (m == &shared_robust) {
		while (!held)   /* then wait in the lock while the owner ends */
			usleep(1000);
	} else {
		pthread_join(t, 0);   /* musl's join needs pthread_exit: only here */
	}
	int r = pthread_mutex_lock(m);
	printf("%s: lock after the owner ended: %s\n", how, r ? errname(r) : "0");
	if (r == EOWNERDEAD)
		printf("%s: consistent: %d\n", how, pthread_mutex_consistent(m));
	int u = pthread_mutex_unlock(m);
	int l = pthread_mutex_lock(m);
	printf("%s: unlock: %d, lock again: %d\n", how, u, l);
	pthread_mutex_unlock(m);
}

int main(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	printf("PTHREAD_PRIO_INHERIT: %d\n", pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT));
	pthread_mutex_init(&pi, &a);
	pthread_t t1, t2;
	pthread_create(&t1, 0, count, 0);
	pthread_create(&t2, 0, count, 0);
	pthread_join(t1, 0);
	pthread_join(t2, 0);
	printf("PI mutex, 2 threads x 20000: %ld\n", counter);

	pthread_t h;
	pthread_create(&h, 0, hold_pi_briefly, 0);
	usleep(100000);
	struct timespec at;
	clock_gettime(CLOCK_REALTIME, &at);
	at.tv_nsec += 50000000;
	if (at.tv_nsec >= 1000000000) {
		at.tv_sec++;
		at.tv_nsec -= 1000000000;
	}
	int r = pthread_mutex_timedlock(&pi, &at);
	printf("timedlock while held: %s\n", r ? errname(r) : "0");
	r = pthread_mutex_lock(&pi);
	printf("lock once released: %d\n", r);
	pthread_mutex_unlock(&pi);
	pthread_join(h, 0);

	volatile uint32_t w = 0;
	r = raw(&w, FUTEX_LOCK_PI, 0);
	printf("raw LOCK_PI free: %d, word is my tid: %d\n", r, w == (uint32_t)gettid());
	printf("raw LOCK_PI again: %s\n", errname(raw(&w, FUTEX_LOCK_PI, 0)));
	r = raw(&w, FUTEX_UNLOCK_PI, 0);
	printf("raw UNLOCK_PI: %d, word: %u\n", r, w);
	w = 0x3ffffff0;   /* held by a thread that does not exist */
	printf("raw TRYLOCK_PI, owner gone: %s\n", errname(raw(&w, FUTEX_TRYLOCK_PI, 0)));
	printf("raw UNLOCK_PI not mine: %s\n", errname(raw(&w, FUTEX_UNLOCK_PI, 0)));

	void *head;
	size_t len;
	printf("get_robust_list: %ld", syscall(SYS_get_robust_list, 0, &head, &len));
	printf(", len %zu\n", len);
	CHECK("set_robust_list bad length", syscall(SYS_set_robust_list, head, 8));
	CHECK("get_robust_list no such thread", syscall(SYS_get_robust_list, 99999, &head, &len));

	pthread_mutexattr_t ra;
	pthread_mutexattr_init(&ra);
	printf("PTHREAD_MUTEX_ROBUST: %d\n", pthread_mutexattr_setrobust(&ra, PTHREAD_MUTEX_ROBUST));
	pthread_mutex_init(&robust, &ra);
	owner_died("pthread_exit", &robust);
	pthread_mutexattr_setpshared(&ra, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&shared_robust, &ra);
	owner_died("SYS_exit, process-shared", &shared_robust);

	/* A named semaphore is a writable MAP_SHARED mapping of a file in /dev/shm. */
	sem_t *sem = sem_open("/uni-test", O_CREAT, 0600, 2);
	printf("sem_open: %s\n", sem == SEM_FAILED ? errname(errno) : "ok");
	if (sem != SEM_FAILED) {
		int v = -1;
		sem_wait(sem);
		sem_getvalue(sem, &v);
		printf("after sem_wait: %d\n", v);
		sem_post(sem);
		sem_getvalue(sem, &v);
		printf("after sem_post: %d\n", v);
		sem_close(sem);
		CHECK("sem_unlink", sem_unlink("/uni-test"));
	}
	return 0;
}
