/* prctl: the per-thread name (pthread_setname_np, OpenBLAS's and runtimes' thread names) and
 * the process flags programs set defensively; other options are EINVAL, as on Linux. */
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include "uni/sched.h"

static int dumpable = 1, pdeathsig, no_new_privs;

long sys_prctl(long option, long a2, long a3, long a4, long a5, long f)
{
	(void)f;
	switch (option) {
	case PR_SET_NAME:
		/* Linux keeps 15 bytes and a NUL (TASK_COMM_LEN). */
		strncpy(uni_current->comm, (const char *)a2, sizeof uni_current->comm - 1);
		uni_current->comm[sizeof uni_current->comm - 1] = 0;
		return 0;
	case PR_GET_NAME:
		memcpy((char *)a2, uni_current->comm, sizeof uni_current->comm);
		return 0;
	case PR_SET_DUMPABLE:
		if (a2 != 0 && a2 != 1)
			return -EINVAL;
		dumpable = (int)a2;
		return 0;
	case PR_GET_DUMPABLE:
		return dumpable;
	case PR_SET_PDEATHSIG:
		if (a2 < 0 || a2 > 64)
			return -EINVAL;
		pdeathsig = (int)a2;   /* an image's parent never dies first: stored, never sent */
		return 0;
	case PR_GET_PDEATHSIG:
		*(int *)a2 = pdeathsig;
		return 0;
	case PR_SET_NO_NEW_PRIVS:
		if (a2 != 1 || a3 || a4 || a5)
			return -EINVAL;
		no_new_privs = 1;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		return no_new_privs;
	default:
		return -EINVAL;
	}
}
