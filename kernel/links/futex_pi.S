/* futex_pi.S: the PI futexes (sched/futex_pi.c) for the images whose program makes a PI mutex:
 * musl's pthread_mutexattr_setprotocol is the only way to one, and it tries FUTEX_LOCK_PI. */
#include "link.h"
LINK pthread_mutexattr_setprotocol, uni_futex_lock_pi
