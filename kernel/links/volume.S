/* volume.S: persistent volumes (fs/volume.c, fs/p9.c and each platform's 9P channel) for the
 * images whose program opens or changes files by name: only such a program can change a
 * volume's file. musl's fopen, freopen and tmpfile open without calling open(); opendir,
 * mkstemp and the rest go through open. */
#include "link.h"
LINK open, uni_vol_mount
LINK openat, uni_vol_mount
LINK creat, uni_vol_mount
LINK fopen, uni_vol_mount
LINK freopen, uni_vol_mount
LINK tmpfile, uni_vol_mount
LINK mkdir, uni_vol_mount
LINK mkdirat, uni_vol_mount
LINK rename, uni_vol_mount
LINK renameat, uni_vol_mount
LINK unlink, uni_vol_mount
LINK unlinkat, uni_vol_mount
LINK rmdir, uni_vol_mount
LINK remove, uni_vol_mount
LINK truncate, uni_vol_mount
LINK symlink, uni_vol_mount
LINK symlinkat, uni_vol_mount
LINK link, uni_vol_mount
LINK linkat, uni_vol_mount
LINK chmod, uni_vol_mount
LINK fchmodat, uni_vol_mount
LINK utimensat, uni_vol_mount
LINK utime, uni_vol_mount
LINK utimes, uni_vol_mount
