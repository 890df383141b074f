/* poll.S: poll and select (events/poll.c) for the images whose program calls them. */
#include "link.h"
LINK poll, sys_poll
LINK ppoll, sys_ppoll
LINK select, sys_select
LINK pselect, sys_pselect6
