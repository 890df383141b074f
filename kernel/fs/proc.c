/* /proc: the directories and /proc/self/exe. The generated files (/proc/cpuinfo, meminfo and
 * what other parts add) are in fs/proc_text.c, linked with the calls that open a file by name
 * (links/files.S): no other program could read them. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include "uni/fs.h"

/* /proc/self/exe names the program's file when the rootfs has it at argv[0] (from "/"),
 * else it is an empty read-only stub: the image's bytes are not kept after boot. */
static struct uni_inode *exe_link(const char *argv0)
{
	struct uni_walk w;
	char path[4096];
	snprintf(path, sizeof path, "%s%s", argv0[0] == '/' ? "" : "/", argv0);
	if (uni_walk(AT_FDCWD, path, UNI_WALK_FOLLOW, &w) == 0 && w.node && S_ISREG(w.node->mode)) {
		struct uni_inode *n = uni_inode_new(S_IFLNK | 0777);
		if (n && uni_inode_symlink_target(n, path) == 0)
			return n;
		return NULL;
	}
	return uni_inode_new(S_IFREG | 0444);
}

int uni_proc_populate(const char *argv0)
{
	struct uni_inode *proc = uni_mkdir_p("/proc", 0555), *self = uni_mkdir_p("/proc/self", 0555);
	struct uni_inode *exe = self ? exe_link(argv0) : 0;
	if (!proc || !exe || uni_dir_link(self, "exe", 3, exe))
		return -1;
	return uni_proc_text_populate ? uni_proc_text_populate(proc) : 0;
}
