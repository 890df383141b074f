/* sysv_sem.S: SysV semaphores (syscall/sysv_sem.c) for the images whose program calls them. */
#include "link.h"
LINK semget, sys_semget
LINK semop, sys_semop
LINK semtimedop, sys_semtimedop
LINK semctl, sys_semctl
