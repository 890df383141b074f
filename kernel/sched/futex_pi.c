/* Priority-inheritance futexes (FUTEX_LOCK_PI, FUTEX_TRYLOCK_PI, FUTEX_UNLOCK_PI) and robust
 * lists, with Linux's futex word protocol: the word holds its owner's tid, FUTEX_WAITERS while
 * threads wait for it here, FUTEX_OWNER_DIED once an owner ended holding it. One scheduler
 * without priorities has nothing to inherit: what musl's PTHREAD_PRIO_INHERIT and robust
 * mutexes need is the ownership hand-over, which unlock does here itself. */
#include <errno.h>
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/uaccess.h"

#define WAITERS 0x80000000u
#define OWNER_DIED 0x40000000u
#define TID_MASK 0x3fffffffu
#define ROBUST_MAX 2048   /* Linux's bound on a robust list walk (ROBUST_LIST_LIMIT) */

extern struct uni_thread *uni_all_threads;

struct uni_thread *uni_thread_by_tid(int tid)
{
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all)
		if (t->tid == tid)
			return t;
	return 0;
}

/* How many threads wait for the PI futex at a; *first gets one of them. */
static int pi_waiters(uint32_t *a, struct uni_thread **first)
{
	int n = 0;
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all)
		if (t->state == UNI_BLOCKED && t->futex == (uint64_t)a && !t->futex_bitset && !n++ && first)
			*first = t;
	return n;
}

/* Gives the futex to one waiter, if any (its wait returns 0 owning it): the word becomes its
 * tid, with 'keep' bits and FUTEX_WAITERS when others still wait; else the word becomes
 * 'keep' alone. */
static void hand_over(uint32_t *a, uint32_t keep)
{
	struct uni_thread *next = 0;
	int n = pi_waiters(a, &next);
	if (!n) {
		__atomic_store_n(a, keep, __ATOMIC_RELEASE);
		return;
	}
	__atomic_store_n(a, (uint32_t)next->tid | keep | (n > 1 ? WAITERS : 0), __ATOMIC_RELEASE);
	next->futex = 0;
	uni_sched_wake(next);
}

int uni_futex_lock_pi(uint32_t *a, int try, uint64_t deadline)
{
	struct uni_thread *cur = uni_current;
	int r;
	uni_preempt_disable();
	for (;;) {
		uint32_t v = __atomic_load_n(a, __ATOMIC_ACQUIRE), owner = v & TID_MASK;
		if (!owner) {   /* free, or its owner died: taken, the OWNER_DIED bit kept */
			uint32_t nv = (uint32_t)cur->tid | (v & OWNER_DIED) | (pi_waiters(a, 0) ? WAITERS : 0);
			if (!__atomic_compare_exchange_n(a, &v, nv, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
				continue;
			r = 0;
			break;
		}
		if (owner == (uint32_t)cur->tid) {
			r = -EDEADLK;
			break;
		}
		if (!uni_thread_by_tid((int)owner)) {
			r = -ESRCH;   /* as Linux: the owner ended without its robust list saying so */
			break;
		}
		if (try) {
			r = -EAGAIN;
			break;
		}
		if (!(v & WAITERS) &&
		    !__atomic_compare_exchange_n(a, &v, v | WAITERS, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			continue;
		cur->futex = (uint64_t)a;
		cur->futex_bitset = 0;
		r = uni_sched_block(0, deadline);
		cur->futex = 0;
		break;   /* 0: unlock handed it over; else -ETIMEDOUT or -EINTR (musl retries) */
	}
	uni_preempt_enable();
	return r;
}

int uni_futex_unlock_pi(uint32_t *a)
{
	int r = 0;
	uni_preempt_disable();
	if ((__atomic_load_n(a, __ATOMIC_ACQUIRE) & TID_MASK) != (uint32_t)uni_current->tid)
		r = -EPERM;
	else
		hand_over(a, 0);
	uni_preempt_enable();
	return r;
}

/* The futex word at addr, if tid holds it: marked OWNER_DIED, and one waiter woken (a PI
 * waiter is handed the futex, as unlock would). */
static void owner_died(uint64_t addr, int tid)
{
	uint32_t *w = (uint32_t *)addr;
	if ((addr & 3) || uni_user_check(w, 4, 1))
		return;
	uint32_t v = __atomic_load_n(w, __ATOMIC_ACQUIRE);
	if ((v & TID_MASK) != (uint32_t)tid)
		return;
	if (pi_waiters(w, 0)) {
		hand_over(w, OWNER_DIED);
		return;
	}
	__atomic_store_n(w, (v & WAITERS) | OWNER_DIED, __ATOMIC_RELEASE);
	if (v & WAITERS)
		uni_futex_wake(w, 1, 0xffffffffu);
}

/* Linux's struct robust_list_head: the list (a circular list of the entries' 'next' words),
 * the offset from an entry to its futex word, and the entry being locked or unlocked. */
struct robust_head { uint64_t next; long offset; uint64_t pending; };

void uni_futex_robust_exit(struct uni_thread *t)
{
	struct robust_head *h = (struct robust_head *)t->robust_list;
	if (!h || uni_user_check(h, sizeof *h, 0))
		return;
	uint64_t e = h->next;
	long off = h->offset;
	for (int n = 0; e != (uint64_t)h && n < ROBUST_MAX; n++) {
		if (uni_user_check((void *)e, 8, 0))
			break;
		uint64_t next = *(uint64_t *)e;   /* read before the word: a waiter may free it */
		if (e != h->pending)
			owner_died((e & ~1ull) + (uint64_t)off, t->tid);
		e = next;
	}
	if (h->pending)
		owner_died((h->pending & ~1ull) + (uint64_t)off, t->tid);
}
