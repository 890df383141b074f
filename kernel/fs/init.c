/* Builds the filesystem at boot: the rootfs linked into the image (uni-ld --rootfs), the
 * volumes of the boot module (uni-run -v), then what a program expects to find: /dev,
 * /proc, /tmp, the default /etc (fs/etc.c, where the rootfs and volumes have no file), fds 0-2. */
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/fs.h"

/* Emitted by uni-ld around the archive; absent (NULL) in an image linked without --rootfs. */
extern const unsigned char __uni_rootfs_start[] __attribute__((weak));
extern const unsigned char __uni_rootfs_end[] __attribute__((weak));

/* Archives back to back in [p, p + len). */
static void mount_all(const unsigned char *p, uint64_t len, const char *origin)
{
	for (unsigned index = 0; len >= 8; index++) {
		long n = uni_archive_mount(p, len, origin, index);
		if (n <= 0)
			return;
		p += n;
		len -= (uint64_t)n;
	}
}

void uni_fs_init(const char *argv0)
{
	struct uni_inode *root = uni_inode_new(S_IFDIR | 0755);
	if (!root) {
		uni_log("no memory for the filesystem; give the VM more memory (uni-run -m)");
		return;
	}
	root->nlink = 2;
	uni_fs_root = uni_cwd = root;
	uni_inode_get(root);   /* the cwd's reference */

	if (__uni_rootfs_start)
		mount_all(__uni_rootfs_start, (uint64_t)(__uni_rootfs_end - __uni_rootfs_start), "the image's rootfs");
	if (uni_boot.module_size)
		mount_all((const unsigned char *)uni_boot.module, uni_boot.module_size, "the boot module (uni-run -v)");

	if (uni_etc_populate)   /* linked with the calls that read a file (links/files.S) */
		uni_etc_populate();
	uni_mkdir_p("/tmp", 01777);
	uni_mkdir_p("/root", 0700);
	if (uni_dev_populate() || uni_proc_populate(argv0) || uni_console_files())
		uni_log("no memory for /dev, /proc or the console; give the VM more memory (uni-run -m)");
}
