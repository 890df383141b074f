/* splice.S: sendfile and the splice family (syscall/fs_splice.c) for the images whose program
 * calls them. */
#include "link.h"
LINK sendfile, sys_sendfile
LINK splice, sys_splice
LINK tee, sys_tee
LINK vmsplice, sys_vmsplice
LINK copy_file_range, sys_copy_file_range
