/* The process's credentials (syscall/cred.c; the setters in syscall/cred_set.c): user and group
 * IDs, all 0 (root) at boot, and the supplementary groups. */
#ifndef UNI_CRED_H
#define UNI_CRED_H

#include <stdint.h>

/* Each family in the order real, effective, saved, filesystem (set_ids indexes them). */
struct uni_cred {
	unsigned ruid, euid, suid, fsuid;
	unsigned rgid, egid, sgid, fsgid;
};
extern struct uni_cred uni_cred;

#define UNI_NGROUPS_MAX 64
extern unsigned uni_groups[UNI_NGROUPS_MAX];
extern int uni_ngroups;

#endif
