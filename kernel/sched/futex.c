/* Futex waiting and waking, under the scheduler lock alone (uni/cpu.h), never the big lock.
 * Waiters are blocked threads marked with the address they wait on; with few threads a scan
 * of the thread list is cheaper than a hash table. A count of waiters per hashed address
 * lets a wake that finds none skip the lock altogether (below). */
#include <errno.h>
#include "uni/cpu.h"
#include "uni/sched.h"

extern struct uni_thread *uni_all_threads;

/* Threads blocked in uni_futex_wait, counted by a hash of the address (addresses that share
 * a bucket only cost each other the lock). Changed only under the scheduler lock; read
 * without it by uni_futex_unwaited.
 *
 * Why a wake that reads 0 loses no wake-up: a waiter, under the lock, increments its bucket
 * then (seq_cst fence) reads the word; a waker's program stores the word before the call,
 * whose path then (seq_cst fence) reads the bucket. The two fences are ordered one way or the
 * other: if the waiter's comes first, the waker reads the increment or a later value, so 0
 * only once that waiter has stopped waiting (a count is decremented only by or for a thread
 * it counted); if the waker's comes first, the waiter reads the new word and does not block
 * (unless the word holds the expected value again: then the wake came before the wait, as it
 * could on Linux). On x86 the fences are mfence or a locked instruction: a plain store of the
 * word by the program is ordered before the waker's read as well. A waker that reads a non-zero
 * count takes the lock; the waiter it counts has then either blocked (and is found by the
 * scan) or left. */
#define BUCKETS 256
static uint32_t waiting[BUCKETS] __attribute__((aligned(64)));   /* read-mostly lines of its own */

static uint32_t *bucket(uint64_t addr)
{
	return &waiting[(uint32_t)(addr >> 2) * 2654435761u >> 24];
}

int uni_futex_unwaited(uint32_t *addr)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return !__atomic_load_n(bucket((uint64_t)addr), __ATOMIC_RELAXED);
}

/* t no longer waits on its address (woken, timed out or interrupted): uncounted. */
static void unwait(struct uni_thread *t)
{
	__atomic_fetch_sub(bucket(t->futex), 1, __ATOMIC_SEQ_CST);
	t->futex = 0;
}

/* The word is read under the scheduler lock and the thread blocks before it is dropped: a
 * waker, which takes the lock after its program stored the word, either finds the thread
 * blocked or made it read the new word. */
int uni_futex_wait(uint32_t *addr, uint32_t val, uint32_t bitset, uint64_t deadline)
{
	uni_preempt_disable();
	uni_sched_lock();
	__atomic_fetch_add(bucket((uint64_t)addr), 1, __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	struct uni_thread *cur = uni_current;
	cur->futex = (uint64_t)addr;
	int r = -EAGAIN;
	if (__atomic_load_n(addr, __ATOMIC_ACQUIRE) == val) {
		cur->futex_bitset = bitset;
		r = uni_sched_block_locked(0, deadline);
	} else {
		uni_sched_unlock();
	}
	/* Runnable again: a waker skips it, so no lock is needed to leave the count. */
	if (cur->futex)   /* not woken by a futex wake, which uncounted it */
		unwait(cur);
	uni_preempt_enable();
	return r;
}

/* Wakes up to n waiters on addr whose bitset matches; with 'to', moves the next 'nmove' to it. */
static int wake_or_move(uint32_t *addr, int n, uint32_t bitset, uint32_t *to, int nmove)
{
	int woken = 0, moved = 0;
	uni_preempt_disable();
	uni_sched_lock();
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all) {
		if (t->state != UNI_BLOCKED || t->futex != (uint64_t)addr || !(t->futex_bitset & bitset))
			continue;
		if (woken < n) {
			unwait(t);
			uni_sched_wake_locked(t);
			woken++;
		} else if (to && moved < nmove) {
			/* Counted at 'to' before it waits there, as a new waiter would be. */
			__atomic_fetch_add(bucket((uint64_t)to), 1, __ATOMIC_SEQ_CST);
			unwait(t);
			t->futex = (uint64_t)to;
			moved++;
		}
	}
	uni_sched_unlock();
	uni_preempt_enable();
	return woken + moved;
}

int uni_futex_wake(uint32_t *addr, int n, uint32_t bitset)
{
	return wake_or_move(addr, n, bitset, 0, 0);
}

int uni_futex_requeue(uint32_t *addr, int nwake, uint32_t *to, int nmove)
{
	return wake_or_move(addr, nwake, 0xffffffffu, to, nmove);
}
