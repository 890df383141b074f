/* Futex waiting and waking, never under the big lock: waiters are listed in a bucket chosen
 * by a hash of the address, under that bucket's lock, so waits and wakes on words in
 * different buckets share no lock but those of the CPUs involved (sched/sched.c). A count of
 * waiters per bucket lets a wake that finds none skip the lock altogether (below).
 *
 * Why a wake that reads 0 loses no wake-up: a waiter, under the bucket lock, increments the
 * count then (seq_cst fence) reads the word; a waker's program stores the word before the
 * call, whose path then (seq_cst fence) reads the count. The two fences are ordered one way or
 * the other: if the waiter's comes first, the waker reads the increment or a later value, so
 * 0 only once that waiter has stopped waiting (a count is decremented only by or for a thread
 * it counted); if the waker's comes first, the waiter reads the new word and does not block
 * (unless the word holds the expected value again: then the wake came before the wait, as it
 * could on Linux). On x86 the fences are mfence or a locked instruction: a plain store of the
 * word by the program is ordered before the waker's read as well. A waker that reads a non-zero
 * count takes the lock; the waiter it counts has then either blocked (listed, and marked
 * blocked before it dropped the lock) or left. */
#include <errno.h>
#include "uni/cpu.h"
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/signal.h"

#define BUCKETS 256
#define SPIN_NS 20000ull   /* how long a waiter waits for a wake before it blocks (spin) */

struct bucket {
	struct uni_spinlock lock;
	uint32_t waiting;              /* threads listed, or checking the word; read without the lock */
	struct uni_thread *waiters;    /* linked by next_futex */
} __attribute__((aligned(64)));    /* a cache line each */

static struct bucket buckets[BUCKETS];

static struct bucket *bucket(uint64_t addr)
{
	return &buckets[(uint32_t)(addr >> 2) * 2654435761u >> 24];
}

int uni_futex_unwaited(uint32_t *addr)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return !__atomic_load_n(&bucket((uint64_t)addr)->waiting, __ATOMIC_RELAXED);
}

/* With b's lock: t leaves b's list, no longer waiting on its address. */
static void unlist(struct bucket *b, struct uni_thread *t)
{
	for (struct uni_thread **p = &b->waiters; *p; p = &(*p)->next_futex)
		if (*p == t) {
			*p = t->next_futex;
			break;
		}
	__atomic_fetch_sub(&b->waiting, 1, __ATOMIC_SEQ_CST);
}

/* The lock of the bucket t waits in (a requeue may move t until it is taken). */
static struct bucket *lock_waiter(struct uni_thread *t)
{
	for (;;) {
		struct bucket *b = bucket(__atomic_load_n(&t->futex, __ATOMIC_ACQUIRE));
		uni_spin_lock(&b->lock);
		if (!t->futex || bucket(t->futex) == b)
			return b;
		uni_spin_unlock(&b->lock);
	}
}

/* Listed, with b's lock: before it blocks, a waiter waits for a wake for SPIN_NS without
 * blocking while no other thread waits for its CPU and it holds no lock: another CPU's thread
 * often answers within microseconds (a hand-over), and blocking and being woken costs a switch
 * each way, or an IPI. A wake meanwhile takes it off the list as it would a blocked waiter.
 * (It does not read the word again: the program may unmap it.) Returns NULL when woken, else
 * the bucket, locked again, to block in. */
static struct bucket *spin(struct bucket *b, struct uni_thread *cur, uint64_t deadline)
{
	uni_spin_unlock(&b->lock);
	uint64_t now = uni_clock_ns(), until = now + SPIN_NS;
	while (__atomic_load_n(&cur->futex, __ATOMIC_ACQUIRE) && !uni_cpu()->nqueued && !uni_signal_ready() &&
	       now < until && (!deadline || now < deadline)) {
		__builtin_ia32_pause();
		uni_smp_service_flush();
		now = uni_clock_ns();
	}
	b = lock_waiter(cur);
	if (cur->futex)
		return b;   /* still waiting (on addr, or where a requeue moved it) */
	uni_spin_unlock(&b->lock);
	return 0;
}

/* The word is read under the bucket lock and the thread is listed and marked blocked before
 * it is dropped: a waker, which takes the lock after its program stored the word, either
 * finds the thread blocked or made it read the new word. */
int uni_futex_wait(uint32_t *addr, uint32_t val, uint32_t bitset, uint64_t deadline)
{
	uni_preempt_disable();
	struct bucket *b = bucket((uint64_t)addr);
	struct uni_thread *cur = uni_current;
	uni_spin_lock(&b->lock);
	__atomic_fetch_add(&b->waiting, 1, __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(addr, __ATOMIC_ACQUIRE) != val) {
		__atomic_fetch_sub(&b->waiting, 1, __ATOMIC_SEQ_CST);
		uni_spin_unlock(&b->lock);
		uni_preempt_enable();
		return -EAGAIN;
	}
	cur->futex = (uint64_t)addr;
	cur->futex_bitset = bitset;
	cur->next_futex = b->waiters;
	b->waiters = cur;
	if (uni_smp_active && !uni_cpu()->holds && !uni_cpu()->nqueued) {   /* not under the big lock (--trace) */
		b = spin(b, cur, deadline);
		if (!b) {
			uni_preempt_enable();
			return 0;
		}
	}
	int r = uni_sched_block_dropping(0, deadline, &b->lock);
	/* A wake takes the thread off its list, then clears 'futex' as the last thing it does
	 * to it. Still set: it timed out, was interrupted, or a wake is not done with it yet. */
	if (__atomic_load_n(&cur->futex, __ATOMIC_ACQUIRE)) {
		b = lock_waiter(cur);
		if (cur->futex) {
			unlist(b, cur);
			cur->futex = 0;
		} else {
			r = 0;   /* a wake took it first: woken, as on Linux */
		}
		uni_spin_unlock(&b->lock);
	} else {
		r = 0;
	}
	uni_preempt_enable();
	return r;
}

/* Wakes up to n waiters on addr whose bitset matches; with 'to', moves the next 'nmove' to it. */
static int wake_or_move(uint32_t *addr, int n, uint32_t bitset, uint32_t *to, int nmove)
{
	int woken = 0, moved = 0;
	uni_preempt_disable();
	struct bucket *b = bucket((uint64_t)addr), *tb = to ? bucket((uint64_t)to) : b;
	/* Two buckets are taken in address order. */
	uni_spin_lock(tb < b ? &tb->lock : &b->lock);
	if (tb != b)
		uni_spin_lock(tb < b ? &b->lock : &tb->lock);
	struct uni_thread *t = b->waiters, *next;
	for (; t && (woken < n || (to && moved < nmove)); t = next) {
		next = t->next_futex;
		if (t->futex != (uint64_t)addr || !(t->futex_bitset & bitset))
			continue;
		if (woken < n) {
			unlist(b, t);
			uni_sched_wake(t);
			__atomic_store_n(&t->futex, 0, __ATOMIC_RELEASE);   /* t may go once it reads 0 */
			woken++;
		} else {
			/* Counted at 'to' before it leaves addr's count, as a new waiter would be. */
			__atomic_fetch_add(&tb->waiting, 1, __ATOMIC_SEQ_CST);
			unlist(b, t);
			t->futex = (uint64_t)to;
			t->next_futex = tb->waiters;
			tb->waiters = t;
			moved++;
		}
	}
	if (tb != b)
		uni_spin_unlock(&tb->lock);
	uni_spin_unlock(&b->lock);
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
