/* The process's credentials (syscall/cred.c): user and group IDs, all 0 (root) at boot. */
#ifndef UNI_CRED_H
#define UNI_CRED_H

#include <stdint.h>

/* Each family in the order real, effective, saved, filesystem (set_ids indexes them). */
struct uni_cred {
	unsigned ruid, euid, suid, fsuid;
	unsigned rgid, egid, sgid, fsgid;
};
extern struct uni_cred uni_cred;

#endif
