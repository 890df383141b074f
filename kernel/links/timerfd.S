/* timerfd.S: timerfd (events/timerfd.c) for the images whose program calls it. */
#include "link.h"
LINK timerfd_create, sys_timerfd_create
LINK timerfd_settime, sys_timerfd_settime
LINK timerfd_gettime, sys_timerfd_gettime
