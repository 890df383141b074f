/* files.S: what only a program that opens or changes files by name needs: those calls'
 * handlers (syscall/fs_path.c), persistent volumes (fs/volume.c, fs/p9.c and each platform's 9P
 * channel: no other program can change a volume's file), the default /etc (fs/etc.c) and
 * /proc's generated files (fs/proc_text.c: no other program can read them) and file mappings (fs/mmap.c: no other program has a file to map;
 * memfd_create makes one without a name, so it links them too). Besides open and the calls
 * that change the tree, musl opens files without open() in fopen, freopen, tmpfile, the
 * resolver's reader (__fopen_rb_ca: /etc/hosts, resolv.conf, services) and __map_file
 * (time zones, locales); opendir, mkstemp, shm_open and the rest go through open. */
#include "link.h"
LINK open, uni_files
LINK openat, uni_files
LINK creat, uni_files
LINK fopen, uni_files
LINK freopen, uni_files
LINK tmpfile, uni_files
LINK __fopen_rb_ca, uni_files
LINK __map_file, uni_files
LINK mkdir, uni_files
LINK mkdirat, uni_files
LINK rename, uni_files
LINK renameat, uni_files
LINK unlink, uni_files
LINK unlinkat, uni_files
LINK rmdir, uni_files
LINK remove, uni_files
LINK truncate, uni_files
LINK symlink, uni_files
LINK symlinkat, uni_files
LINK link, uni_files
LINK linkat, uni_files
LINK chmod, uni_files
LINK fchmodat, uni_files
LINK utimensat, uni_files
LINK utime, uni_files
LINK utimes, uni_files
LINK memfd_create, uni_files
LINK mknod, uni_files
LINK mknodat, uni_files
	.section .rodata.uni_files, "a", @progbits
	.globl uni_files
	.type uni_files, @object
uni_files:
	.reloc ., R_X86_64_NONE, sys_openat	/* syscall/fs_path.c: opening by name, changing the tree */
	.reloc ., R_X86_64_NONE, uni_vol_mount
	.reloc ., R_X86_64_NONE, uni_etc_populate
	.reloc ., R_X86_64_NONE, uni_proc_text_populate	/* fs/proc_text.c: /proc/cpuinfo, meminfo */
	.reloc ., R_X86_64_NONE, uni_file_map_fill
	.byte 0
	.size uni_files, 1
