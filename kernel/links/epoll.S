/* epoll.S: epoll (events/epoll.c) for the images whose program calls it. */
#include "link.h"
LINK epoll_create, sys_epoll_create
LINK epoll_create1, sys_epoll_create1
LINK epoll_ctl, sys_epoll_ctl
LINK epoll_wait, sys_epoll_wait
LINK epoll_pwait, sys_epoll_pwait
