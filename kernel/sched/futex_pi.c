/* Priority-inheritance futexes (FUTEX_LOCK_PI, FUTEX_TRYLOCK_PI, FUTEX_UNLOCK_PI), with Linux's
 * futex word protocol: the word holds its owner's tid, FUTEX_WAITERS while threads wait for it
 * here, FUTEX_OWNER_DIED once an owner ended holding it (sched/futex_robust.c). One scheduler
 * without priorities has nothing to inherit: what musl's PTHREAD_PRIO_INHERIT mutexes need is
 * the ownership hand-over, which unlock does here itself. An image links this file only when
 * its program makes a PI mutex (links/futex_pi.S): syscall/thread.c refers to it weakly. */
#include <errno.h>
#include "uni/cpu.h"
#include "uni/sched.h"
#include "uni/futex_word.h"

extern struct uni_thread *uni_all_threads;

/* How many threads wait for the PI futex at a; *first gets one of them. The PI operations run
 * under the big lock, which a waiter held until it was marked blocked: states read here
 * without the waiters' locks may only count one that a deadline or a signal just made
 * runnable, which hand_over checks under its lock. */
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
 * 'keep' alone. A waiter found runnable is on its way out (timed out or interrupted): it is
 * passed over. */
static void hand_over(uint32_t *a, uint32_t keep)
{
	for (;;) {
		struct uni_thread *next = 0;
		int n = pi_waiters(a, &next);
		if (!n) {
			__atomic_store_n(a, keep, __ATOMIC_RELEASE);
			return;
		}
		struct uni_cpu *c = uni_sched_hold(next);
		int blocked = next->state == UNI_BLOCKED;
		if (blocked)
			__atomic_store_n(a, (uint32_t)next->tid | keep | (n > 1 ? UNI_FUTEX_WAITERS : 0), __ATOMIC_RELEASE);
		next->futex = 0;
		uni_sched_wake_held(c, next);
		uni_sched_release(c);
		if (blocked)
			return;
	}
}

int uni_futex_lock_pi(uint32_t *a, int try, uint64_t deadline)
{
	struct uni_thread *cur = uni_current;
	int r;
	uni_preempt_disable();
	for (;;) {
		uint32_t v = __atomic_load_n(a, __ATOMIC_ACQUIRE), owner = v & UNI_FUTEX_TID_MASK;
		if (!owner) {   /* free, or its owner died: taken, the OWNER_DIED bit kept */
			uint32_t nv = (uint32_t)cur->tid | (v & UNI_FUTEX_OWNER_DIED) | (pi_waiters(a, 0) ? UNI_FUTEX_WAITERS : 0);
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
		if (!(v & UNI_FUTEX_WAITERS) &&
		    !__atomic_compare_exchange_n(a, &v, v | UNI_FUTEX_WAITERS, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
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
	if ((__atomic_load_n(a, __ATOMIC_ACQUIRE) & UNI_FUTEX_TID_MASK) != (uint32_t)uni_current->tid)
		r = -EPERM;
	else
		hand_over(a, 0);
	uni_preempt_enable();
	return r;
}

int uni_futex_pi_owner_died(uint32_t *a)
{
	if (!pi_waiters(a, 0))
		return 0;
	hand_over(a, UNI_FUTEX_OWNER_DIED);
	return 1;
}
