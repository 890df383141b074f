/* pool.h: a fixed set of objects shared by threads; take() waits until one is free. Used for the
 * engines' workers: darknet's network_predict keeps its state in the network and is not
 * re-entrant, and for either engine the pool bounds the inferences (and decoded images) at once. */
#ifndef CLASSIFY_POOL_H
#define CLASSIFY_POOL_H

#include <pthread.h>

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t returned;
	int capacity, nfree;
	void **free; /* the objects not taken, a stack */
};

/* Makes an empty pool for up to CAPACITY objects; -1 when out of memory. */
int pool_init(struct pool *p, int capacity);
/* Adds OBJ (at setup) or gives back an object from pool_take; wakes one waiter. */
void pool_put(struct pool *p, void *obj);
/* Removes and returns a free object, waiting while none is free. */
void *pool_take(struct pool *p);
/* Frees the pool itself (not the objects); no thread may be using it. */
void pool_destroy(struct pool *p);

#endif
