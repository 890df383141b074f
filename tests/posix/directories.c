/* directories.c: mkdir, rmdir, unlink, rename and renameat2, getdents64 listings, chdir,
 * fchdir, getcwd, link counts. Run in a directory holding hello.txt, link and sub/. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

static char base[4096];

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in path, sorted (directory order differs between filesystems). */
static void list(const char *label, const char *path)
{
	DIR *d = opendir(path);
	if (!d) {
		printf("%s: opendir -1 %s\n", label, errname(errno));
		return;
	}
	char *names[256];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 256)
		names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof *names, cmp);
	printf("%s:", label);
	for (int i = 0; i < n; i++)
		printf(" %s", names[i]);
	printf("\n");
}

/* getcwd relative to the starting directory. */
static void cwd(const char *label)
{
	char buf[4096];
	if (!getcwd(buf, sizeof buf)) {
		printf("%s: getcwd -1 %s\n", label, errname(errno));
		return;
	}
	size_t n = strlen(base);
	printf("%s: %s\n", label, strncmp(buf, base, n) == 0 ? (buf[n] ? buf + n : "(base)") : "(outside)");
}

static long nlink(const char *path)
{
	struct stat st;
	return stat(path, &st) ? -1 : (long)st.st_nlink;
}

int main(int argc, char **argv)
{
	if (argc < 2 || chdir(argv[1]) || !getcwd(base, sizeof base)) {
		printf("usage: directories DIR\n");
		return 2;
	}
	list("start", ".");
	CHECK("mkdir", mkdir("d", 0755));
	CHECK("mkdir again", mkdir("d", 0755));
	CHECK("mkdir over file", mkdir("hello.txt", 0755));
	CHECK("mkdir missing parent", mkdir("x/y", 0755));
	CHECK("mkdir through file", mkdir("hello.txt/y", 0755));
	CHECK("mkdir trailing slash", mkdir("d2/", 0755));
	printf("nlink . before: %ld\n", nlink("."));
	CHECK("mkdir nested", mkdir("d/e", 0700));
	CHECK("mkdirat", mkdirat(AT_FDCWD, "d/f", 0755));
	printf("nlink d: %ld\n", nlink("d"));
	struct stat st;
	stat("d/e", &st);
	printf("mode d/e: %o\n", (unsigned)st.st_mode);
	close(open("d/file", O_CREAT | O_WRONLY, 0644));
	list("d", "d");
	CHECK("rmdir non-empty", rmdir("d"));
	CHECK("rmdir file", rmdir("d/file"));
	CHECK("rmdir missing", rmdir("d/nothing"));
	CHECK("rmdir dot", rmdir("d/."));
	CHECK("rmdir dotdot", rmdir("d/e/.."));
	CHECK("unlink dir", unlink("d/e"));
	CHECK("unlinkat dir", unlinkat(AT_FDCWD, "d/f", AT_REMOVEDIR));
	CHECK("unlinkat bad flag", unlinkat(AT_FDCWD, "d/f", 0x1));
	CHECK("rmdir", rmdir("d/e"));
	printf("nlink d: %ld\n", nlink("d"));

	/* Paths with . and .. and symlinks to directories. */
	CHECK("symlink to dir", symlink("d", "dl"));
	CHECK("stat via .. and link", stat("sub/../dl/./file", &st));
	CHECK("open via dir link", open("dl/file", O_RDONLY) >= 0);

	/* rename: files, directories, over existing names, and renameat2's flags. */
	close(open("r1", O_CREAT | O_WRONLY, 0644));
	close(open("r2", O_CREAT | O_WRONLY, 0644));
	CHECK("rename file", rename("r1", "r3"));
	CHECK("rename missing", rename("r1", "r4"));
	CHECK("rename over file", rename("r3", "r2"));
	list("after renames", ".");
	CHECK("rename to itself", rename("r2", "r2"));
	CHECK("rename file over dir", rename("r2", "d"));
	CHECK("rename dir over file", rename("d", "r2"));
	CHECK("mkdir empty", mkdir("empty", 0755));
	CHECK("rename dir over empty dir", rename("sub", "empty"));
	CHECK("rename dir over non-empty", rename("empty", "d"));
	CHECK("rename into own subdir", rename("d", "d/sub"));
	CHECK("rename dot", rename(".", "x"));
	CHECK("move dir", rename("empty", "d/moved"));
	printf("nlink . %ld d %ld\n", nlink("."), nlink("d"));
	CHECK("noreplace existing", syscall(SYS_renameat2, AT_FDCWD, "r2", AT_FDCWD, "hello.txt", 1));
	CHECK("noreplace new", syscall(SYS_renameat2, AT_FDCWD, "r2", AT_FDCWD, "r5", 1));
	CHECK("exchange", syscall(SYS_renameat2, AT_FDCWD, "r5", AT_FDCWD, "d", 2));
	struct stat a, b;
	stat("r5", &a);
	stat("d", &b);
	printf("exchanged: r5 dir %d, d dir %d\n", S_ISDIR(a.st_mode), S_ISDIR(b.st_mode));
	CHECK("exchange missing", syscall(SYS_renameat2, AT_FDCWD, "r5", AT_FDCWD, "nope", 2));
	CHECK("both flags", syscall(SYS_renameat2, AT_FDCWD, "r5", AT_FDCWD, "d", 3));
	CHECK("exchange back", syscall(SYS_renameat2, AT_FDCWD, "r5", AT_FDCWD, "d", 2));
	list("top", ".");
	list("d", "d");

	/* chdir, fchdir, getcwd and the *at calls. */
	cwd("cwd");
	CHECK("chdir", chdir("d/moved"));
	cwd("cwd");
	CHECK("chdir ..", chdir("../.."));
	cwd("cwd");
	CHECK("chdir file", chdir("hello.txt"));
	CHECK("chdir missing", chdir("nothing"));
	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	CHECK("fchdir", fchdir(dfd));
	cwd("cwd");
	CHECK("chdir back", chdir(base));
	CHECK("openat", openat(dfd, "file", O_RDONLY) >= 0);
	CHECK("mkdirat fd", mkdirat(dfd, "viafd", 0755));
	CHECK("openat file dirfd", openat(open("hello.txt", O_RDONLY), "x", O_RDONLY));
	CHECK("openat bad dirfd", openat(999, "x", O_RDONLY));
	list("d", "d");
	char small[4];
	CHECK("getcwd small", getcwd(small, sizeof small) ? 0 : -1);

	/* Removing the cwd: it stays usable as a handle but has no path and takes no entries. */
	CHECK("mkdir tmp", mkdir("tmpd", 0755));
	CHECK("chdir tmp", chdir("tmpd"));
	CHECK("rmdir cwd", rmdir("../tmpd"));
	cwd("cwd removed");
	CHECK("create in removed", open("x", O_CREAT | O_WRONLY, 0644));
	CHECK("chdir back", chdir(base));

	/* A long listing read in small getdents64 chunks while entries are removed. */
	CHECK("mkdir many", mkdir("many", 0755));
	char name[64];
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof name, "many/file-%03d", i);
		close(open(name, O_CREAT | O_WRONLY, 0644));
	}
	int fd = open("many", O_RDONLY | O_DIRECTORY);
	char buf[200];
	long total = 0, calls = 0, removed = 0;
	for (;;) {
		long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
		if (n <= 0)
			break;
		calls++;
		for (long off = 0; off < n;) {
			struct dirent *e = (void *)(buf + off);
			if (e->d_name[0] != '.') {
				total++;
				if (e->d_name[8] == '5' && !removed) {
					unlinkat(fd, "file-099", 0);
					removed = 1;
				}
			}
			off += e->d_reclen;
		}
	}
	printf("getdents: %ld entries, more than one call: %d\n", total, calls > 1);
	CHECK("getdents tiny buffer", syscall(SYS_getdents64, fd, buf, 10));
	CHECK("getdents on file", syscall(SYS_getdents64, open("hello.txt", O_RDONLY), buf, sizeof buf));
	CHECK("lseek rewind dir", lseek(fd, 0, SEEK_SET));
	long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
	printf("after rewind: %d\n", n > 0);
	return 0;
}
