/* Robust lists: when a thread ends, each futex word its list names that it still holds is
 * marked FUTEX_OWNER_DIED and one waiter woken, as Linux does; a PI futex's waiter is handed
 * the futex (sched/futex_pi.c, linked only with PI mutexes). */
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/uaccess.h"
#include "uni/futex_word.h"

#define ROBUST_MAX 2048   /* Linux's bound on a robust list walk (ROBUST_LIST_LIMIT) */

#pragma weak uni_futex_pi_owner_died

extern struct uni_thread *uni_all_threads;

struct uni_thread *uni_thread_by_tid(int tid)
{
	for (struct uni_thread *t = uni_all_threads; t; t = t->next_all)
		if (t->tid == tid)
			return t;
	return 0;
}

/* The futex word at addr, if tid holds it: marked OWNER_DIED, and one waiter woken (a PI
 * waiter is handed the futex, as unlock would). */
static void owner_died(uint64_t addr, int tid)
{
	uint32_t *w = (uint32_t *)addr;
	if ((addr & 3) || uni_user_check(w, 4, 1))
		return;
	uint32_t v = __atomic_load_n(w, __ATOMIC_ACQUIRE);
	if ((v & UNI_FUTEX_TID_MASK) != (uint32_t)tid)
		return;
	if (uni_futex_pi_owner_died && uni_futex_pi_owner_died(w))
		return;
	__atomic_store_n(w, (v & UNI_FUTEX_WAITERS) | UNI_FUTEX_OWNER_DIED, __ATOMIC_RELEASE);
	if (v & UNI_FUTEX_WAITERS)
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
