/* signalfd.S: signalfd (events/signalfd.c) for the images whose program calls it. */
#include "link.h"
LINK signalfd, sys_signalfd4
