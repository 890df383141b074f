/* cred.S: the credential setters (syscall/cred_set.c) for the images whose program calls one;
 * seteuid and setegid make setresuid and setresgid, and initgroups calls setgroups. */
#include "link.h"
LINK setuid, sys_setuid
LINK setgid, sys_setgid
LINK setreuid, sys_setreuid
LINK setregid, sys_setregid
LINK setresuid, sys_setresuid
LINK setresgid, sys_setresgid
LINK seteuid, sys_setresuid
LINK setegid, sys_setresgid
LINK setfsuid, sys_setfsuid
LINK setfsgid, sys_setfsgid
LINK setgroups, sys_setgroups
