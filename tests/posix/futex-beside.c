/* futex-beside.c: futex waits and wakes go on while another thread is inside a long system
 * call. One thread reads 64 MiB from /dev/zero 8 times (runtime code that holds the runtime's
 * big lock throughout); two others hand a word back and forth with FUTEX_WAIT and FUTEX_WAKE
 * and count the hand-overs made while a read is under way. On Linux, and in an image whose
 * futexes need only their own locks (a futex bucket's, a run queue's), hundreds go through
 * per read; when every futex call
 * queued for the big lock, the pair stopped at its next call until the read was over. */
#define _GNU_SOURCE
#include <fcntl.h>
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

#define READ_SIZE (64u << 20)
#define READS 32
#define ENOUGH 100   /* hand-overs during the reads; the old runtime managed about one per read */

static volatile int reading, done;
static uint32_t word __attribute__((aligned(64)));
static long during;   /* hand-overs counted while 'reading' (player 0 only) */

static long futex(uint32_t *w, int op, uint32_t v)
{
	/* Waits end after 10 ms: once the reads are over, a player whose partner already left
	 * may wait for a turn that never comes, and must see 'done'. */
	static const struct timespec later = { 0, 10000000 };
	return syscall(SYS_futex, w, op, v, op == FUTEX_WAIT_PRIVATE ? &later : 0, 0, 0);
}

static void *reader(void *arg)
{
	char *buf = arg;
	int fd = open("/dev/zero", O_RDONLY);
	if (fd < 0) {
		perror("open /dev/zero");
		exit(1);
	}
	for (int i = 0; i < READS; i++) {
		reading = 1;
		if (read(fd, buf, READ_SIZE) != READ_SIZE) {
			perror("read");
			exit(1);
		}
		reading = 0;
		usleep(1000);   /* lets the pair see the flag drop between reads */
	}
	close(fd);
	done = 1;
	return 0;
}

/* Player p moves when the word is p: sets it to the other's number and wakes it. */
static void *play(void *arg)
{
	uint32_t p = (uint32_t)(uintptr_t)arg;
	while (!done) {
		if (__atomic_load_n(&word, __ATOMIC_ACQUIRE) != p) {
			futex(&word, FUTEX_WAIT_PRIVATE, !p);
			continue;
		}
		if (p == 0 && reading)
			during++;
		__atomic_store_n(&word, !p, __ATOMIC_SEQ_CST);
		futex(&word, FUTEX_WAKE_PRIVATE, 1);
	}
	return 0;
}

int main(void)
{
	char *buf = malloc(READ_SIZE);
	if (!buf)
		return 1;
	memset(buf, 1, READ_SIZE);   /* faulted in before the reads */
	pthread_t r, p0, p1;
	pthread_create(&p0, 0, play, (void *)0);
	pthread_create(&p1, 0, play, (void *)1);
	pthread_create(&r, 0, reader, buf);
	pthread_join(r, 0);
	pthread_join(p0, 0);
	pthread_join(p1, 0);
	if (during < ENOUGH) {
		printf("only %ld hand-overs while another thread read (fewer than %d)\n", during, ENOUGH);
		return 1;
	}
	printf("at least %d futex hand-overs while another thread read\n", ENOUGH);
	fprintf(stderr, "%ld hand-overs during %d reads of %u MiB\n", during, READS, READ_SIZE >> 20);
	return 0;
}
