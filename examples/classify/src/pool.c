/* pool.c: a stack of free objects under a mutex, with a condition variable for waiters. */
#include "pool.h"

#include <stdlib.h>

int pool_init(struct pool *p, int capacity)
{
	p->capacity = capacity;
	p->nfree = 0;
	p->free = calloc(capacity, sizeof *p->free);
	if (!p->free) return -1;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->returned, NULL);
	return 0;
}

void pool_put(struct pool *p, void *obj)
{
	pthread_mutex_lock(&p->lock);
	p->free[p->nfree++] = obj;
	pthread_cond_signal(&p->returned);
	pthread_mutex_unlock(&p->lock);
}

void *pool_take(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (!p->nfree) pthread_cond_wait(&p->returned, &p->lock);
	void *obj = p->free[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	return obj;
}

void pool_destroy(struct pool *p)
{
	pthread_cond_destroy(&p->returned);
	pthread_mutex_destroy(&p->lock);
	free(p->free);
}
