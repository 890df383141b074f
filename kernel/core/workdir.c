/* The program's working directory from uni-run -w (uni.workdir): created with its parents when
 * missing, as docker run -w does, then entered; the default stays "/". */
#include <errno.h>
#include "uni/console.h"
#include "uni/runtime.h"

long sys_mkdir(long path, long mode, long c, long d, long e, long f);
long sys_chdir(long path, long b, long c, long d, long e, long f);

void uni_workdir_enter(char *dir)
{
	if (!dir || !*dir)
		return;
	if (dir[0] != '/') {
		uni_log("working directory '%s' is not absolute (uni-run -w takes /PATH)", dir);
		uni_exit(126);
	}
	/* Each parent in turn: the path is cut at every '/' and put back. */
	for (char *p = dir + 1;; p++) {
		if (*p != '/' && *p)
			continue;
		char c = *p;
		*p = '\0';
		long r = sys_mkdir((long)dir, 0755, 0, 0, 0, 0);
		*p = c;
		if (r && r != -EEXIST) {
			uni_log("cannot create the working directory %s: errno %ld (a file of the image or a "
				"volume is in the way?); give uni-run -w another directory", dir, -r);
			uni_exit(126);
		}
		if (!c)
			break;
	}
	long r = sys_chdir((long)dir, 0, 0, 0, 0, 0);
	if (r) {
		uni_log("cannot enter the working directory %s: errno %ld (a file of the image or a "
			"volume is there?); give uni-run -w another directory", dir, -r);
		uni_exit(126);
	}
}
