/* sysv_msg.S: SysV message queues (syscall/sysv_msg.c) for the images whose program calls them. */
#include "link.h"
LINK msgget, sys_msgget
LINK msgsnd, sys_msgsnd
LINK msgrcv, sys_msgrcv
LINK msgctl, sys_msgctl
