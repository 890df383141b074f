/* Futex waiting and waking. Waiters are blocked threads marked with the address they wait
 * on; with few threads a scan of the thread list is cheaper than a hash table. */
#include <errno.h>
#include "uni/sched.h"

extern struct uni_thread *uni_all_threads;

int uni_futex_wait(uint32_t *addr, uint32_t val, uint32_t bitset, uint64_t deadline)
{
	uni_preempt_disable();
	if (__atomic_load_n(addr, __ATOMIC_ACQUIRE) != val) {
		uni_preempt_enable();
		return -EAGAIN;
	}
	struct uni_thread *cur = uni_current;
	cur->futex = (uint64_t)addr;
	cur->futex_bitset = bitset;
	int r = uni_sched_block(0, deadline);
	cur->futex = 0;
	uni_preempt_enable();
	return r;
}

/* Wakes up to n waiters on addr whose bitset matches; with 'to', moves the next 'nmove' to it. */
static int wake_or_move(uint32_t *addr, int n, uint32_t bitset, uint32_t *to, int nmove)
{
	int woken = 0, moved = 0;
	uni_preempt_disable();
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all) {
		if (t->state != UNI_BLOCKED || t->futex != (uint64_t)addr || !(t->futex_bitset & bitset))
			continue;
		if (woken < n) {
			t->futex = 0;
			uni_sched_wake(t);
			woken++;
		} else if (to && moved < nmove) {
			t->futex = (uint64_t)to;
			moved++;
		}
	}
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
