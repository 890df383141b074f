/* mqueue.S: POSIX message queues (events/mqueue.c) for the images whose program calls them.
 * mq_send, mq_receive and mq_getattr call the functions below (musl). */
#include "link.h"
LINK mq_open, sys_mq_open
LINK mq_unlink, sys_mq_unlink
LINK mq_timedsend, sys_mq_timedsend
LINK mq_timedreceive, sys_mq_timedreceive
LINK mq_setattr, sys_mq_getsetattr
LINK mq_notify, sys_mq_notify
