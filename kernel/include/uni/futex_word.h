/* The bits of a PI or robust futex word, as Linux defines them (sched/futex_pi.c,
 * sched/futex_robust.c). */
#ifndef UNI_FUTEX_WORD_H
#define UNI_FUTEX_WORD_H

#define UNI_FUTEX_WAITERS 0x80000000u
#define UNI_FUTEX_OWNER_DIED 0x40000000u
#define UNI_FUTEX_TID_MASK 0x3fffffffu

#endif
