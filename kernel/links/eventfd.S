/* eventfd.S: eventfd (events/eventfd.c) for the images whose program calls it; eventfd_read
 * and eventfd_write are read and write. */
#include "link.h"
LINK eventfd, sys_eventfd2
