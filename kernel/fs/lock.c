/* flock(2): shared and exclusive locks held by open file descriptions, so two opens of
 * one file conflict even within the one process, as on Linux. */
#include <errno.h>
#include <sys/file.h>
#include "uni/fs.h"
#include "uni/kmem.h"

struct uni_flock {
	struct uni_flock *next;
	struct uni_file *owner;
	int exclusive;
};

struct want {
	struct uni_file *f;
	int exclusive;
};

static int free_to_lock(void *arg)
{
	struct want *w = arg;
	for (struct uni_flock *l = w->f->inode->flocks; l; l = l->next)
		if (l->owner != w->f && (w->exclusive || l->exclusive))
			return 0;
	return 1;
}

static void drop(struct uni_file *f)
{
	struct uni_inode *n = f->inode;
	for (struct uni_flock **p = &n->flocks; *p; p = &(*p)->next) {
		if ((*p)->owner == f) {
			struct uni_flock *l = *p;
			*p = l->next;
			uni_kfree(l, sizeof *l);
			uni_wake(&n->wq);
			return;
		}
	}
}

long uni_flock(struct uni_file *f, int op)
{
	int nb = op & LOCK_NB;
	op &= ~LOCK_NB;
	if (op == LOCK_UN) {
		drop(f);
		return 0;
	}
	if (op != LOCK_SH && op != LOCK_EX)
		return -EINVAL;
	struct want w = { f, op == LOCK_EX };
	/* A conversion releases the old lock first, as Linux does. */
	drop(f);
	if (!free_to_lock(&w)) {
		if (nb)
			return -EWOULDBLOCK;
		int r = uni_wait(&f->inode->wq, free_to_lock, &w, 0);
		if (r)
			return r;
	}
	struct uni_flock *l = uni_kalloc(sizeof *l);
	if (!l)
		return -ENOLCK;
	*l = (struct uni_flock){ f->inode->flocks, f, w.exclusive };
	f->inode->flocks = l;
	return 0;
}

void uni_flock_release(struct uni_file *f)
{
	if (f->inode->flocks)
		drop(f);
}
