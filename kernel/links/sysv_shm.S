/* sysv_shm.S: SysV shared memory (syscall/sysv_shm.c) for the images whose program calls it. */
#include "link.h"
LINK shmget, sys_shmget
LINK shmat, sys_shmat
LINK shmdt, sys_shmdt
LINK shmctl, sys_shmctl
