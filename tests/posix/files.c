/* files.c: regular files: create, read, write, append, positioned and vector I/O, seek,
 * holes, truncate, unlink while open, hard and symbolic links, modes, times, umask. Run in
 * a directory holding hello.txt ("hello\n") and link -> hello.txt. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

static void show(const char *label, const char *path)
{
	struct stat st;
	if (lstat(path, &st)) {
		printf("%s: stat -1 %s\n", label, errname(errno));
		return;
	}
	printf("%s: mode %o nlink %ld size %ld\n", label, (unsigned)st.st_mode, (long)st.st_nlink, (long)st.st_size);
}

static void cat(const char *label, const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (n < 0) {
		printf("%s: -1 %s\n", label, errname(errno));
	} else {
		buf[n] = 0;
		printf("%s: [%s]\n", label, buf);
	}
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	char buf[8192];
	if (argc < 2 || chdir(argv[1])) {
		printf("usage: files DIR\n");
		return 2;
	}
	umask(022);
	cat("hello.txt", "hello.txt");
	cat("via link", "link");
	show("hello.txt", "hello.txt");
	show("link", "link");
	CHECK("missing", open("missing", O_RDONLY));
	CHECK("missing dir", open("nodir/x", O_RDONLY));
	CHECK("through file", open("hello.txt/x", O_RDONLY));
	CHECK("dir for writing", open(".", O_WRONLY));
	CHECK("O_DIRECTORY on file", open("hello.txt", O_RDONLY | O_DIRECTORY));
	CHECK("O_NOFOLLOW on link", open("link", O_RDONLY | O_NOFOLLOW));
	CHECK("trailing slash", open("hello.txt/", O_RDONLY));

	int fd = open("a.txt", O_CREAT | O_EXCL | O_RDWR, 0666);
	CHECK("create", fd >= 0);
	CHECK("create again", open("a.txt", O_CREAT | O_EXCL | O_RDWR, 0666));
	show("a.txt new", "a.txt");
	CHECK("write", write(fd, "0123456789", 10));
	CHECK("lseek cur", lseek(fd, 0, SEEK_CUR));
	CHECK("pwrite", pwrite(fd, "AB", 2, 4));
	CHECK("lseek cur after pwrite", lseek(fd, 0, SEEK_CUR));
	memset(buf, 0, sizeof buf);
	CHECK("pread", pread(fd, buf, 6, 2));
	printf("pread data: [%s]\n", buf);
	CHECK("lseek set", lseek(fd, 3, SEEK_SET));
	CHECK("read", read(fd, buf, 4));
	printf("read data: [%.4s]\n", buf);
	CHECK("lseek end", lseek(fd, 0, SEEK_END));
	CHECK("lseek negative", lseek(fd, -100, SEEK_CUR));
	CHECK("lseek bad whence", lseek(fd, 0, 77));
	CHECK("read at end", read(fd, buf, 10));

	/* A hole: write past the end; the gap reads as zeros. */
	CHECK("lseek past end", lseek(fd, 10000, SEEK_SET));
	CHECK("write past end", write(fd, "Z", 1));
	show("a.txt with hole", "a.txt");
	CHECK("pread hole", pread(fd, buf, 100, 5000));
	int zeros = 1;
	for (int i = 0; i < 100; i++)
		zeros &= buf[i] == 0;
	printf("hole is zeros: %d\n", zeros);

	CHECK("ftruncate shrink", ftruncate(fd, 5));
	show("a.txt truncated", "a.txt");
	CHECK("ftruncate grow", ftruncate(fd, 8));
	CHECK("pread after grow", pread(fd, buf, 20, 0));
	printf("bytes: %02x %02x %02x %02x %02x %02x %02x %02x\n", buf[0], buf[1], buf[2], buf[3], buf[4], buf[5], buf[6], buf[7]);
	CHECK("ftruncate negative", ftruncate(fd, -1));
	CHECK("truncate path", truncate("a.txt", 3));
	CHECK("truncate dir", truncate(".", 3));
	cat("a.txt", "a.txt");
	CHECK("fsync", fsync(fd));
	CHECK("fdatasync", fdatasync(fd));
	close(fd);

	/* O_APPEND writes at the end whatever the offset; O_TRUNC empties. */
	fd = open("a.txt", O_WRONLY | O_APPEND);
	CHECK("lseek 0 in append", lseek(fd, 0, SEEK_SET));
	CHECK("append", write(fd, "xyz", 3));
	close(fd);
	cat("after append", "a.txt");
	fd = open("a.txt", O_RDWR | O_TRUNC);
	show("after O_TRUNC", "a.txt");
	struct iovec iov[3] = { { "one ", 4 }, { "two ", 4 }, { "three", 5 } };
	CHECK("writev", writev(fd, iov, 3));
	lseek(fd, 0, SEEK_SET);
	char p1[5] = { 0 }, p2[20] = { 0 };
	struct iovec rv[2] = { { p1, 4 }, { p2, 20 } };
	CHECK("readv", readv(fd, rv, 2));
	printf("readv data: [%s] [%s]\n", p1, p2);
	CHECK("read on write-only", read(open("a.txt", O_WRONLY), buf, 1));
	CHECK("write on read-only", write(open("a.txt", O_RDONLY), "x", 1));
	CHECK("read on dir", read(open(".", O_RDONLY), buf, 1));
	close(fd);

	/* creat, a file removed while open keeps its data until closed. */
	CHECK("creat", (fd = creat("c.txt", 0600)) >= 0);
	close(fd);
	fd = open("gone.txt", O_CREAT | O_RDWR, 0600);
	CHECK("write gone", write(fd, "still here", 10));
	CHECK("unlink open", unlink("gone.txt"));
	CHECK("stat unlinked", access("gone.txt", F_OK));
	struct stat st;
	fstat(fd, &st);
	printf("fstat unlinked: nlink %ld size %ld\n", (long)st.st_nlink, (long)st.st_size);
	memset(buf, 0, sizeof buf);
	CHECK("pread unlinked", pread(fd, buf, 100, 0));
	printf("data: [%s]\n", buf);
	close(fd);

	/* Hard links share the inode; symlinks are followed or not. */
	CHECK("link", link("hello.txt", "hard.txt"));
	show("hard.txt", "hard.txt");
	CHECK("link exists", link("hello.txt", "hard.txt"));
	CHECK("link dir", link(".", "dirlink"));
	struct stat s1, s2;
	stat("hello.txt", &s1);
	stat("hard.txt", &s2);
	printf("same inode: %d\n", s1.st_ino == s2.st_ino);
	CHECK("unlink hard", unlink("hard.txt"));
	show("hello.txt after unlink of link", "hello.txt");
	CHECK("symlink", symlink("a.txt", "sym"));
	CHECK("symlink exists", symlink("x", "sym"));
	CHECK("symlink empty", symlink("", "sym2"));
	memset(buf, 0, sizeof buf);
	CHECK("readlink", readlink("sym", buf, sizeof buf));
	printf("readlink data: [%s]\n", buf);
	CHECK("readlink short", readlink("sym", buf, 2));
	CHECK("readlink file", readlink("a.txt", buf, sizeof buf));
	CHECK("dangling symlink", symlink("nowhere", "dangle"));
	CHECK("open dangling", open("dangle", O_RDONLY));
	fd = open("dangle", O_CREAT | O_WRONLY, 0644);
	CHECK("create through dangling", fd >= 0);
	close(fd);
	show("nowhere", "nowhere");
	CHECK("loop a", symlink("loopb", "loopa"));
	CHECK("loop b", symlink("loopa", "loopb"));
	CHECK("open loop", open("loopa", O_RDONLY));
	CHECK("stat loop", stat("loopa/x", &st));

	/* Modes, owners and times are stored. */
	CHECK("chmod", chmod("a.txt", 0640));
	show("a.txt 0640", "a.txt");
	fd = open("a.txt", O_RDONLY);
	CHECK("fchmod", fchmod(fd, 0604));
	show("a.txt 0604", "a.txt");
	CHECK("access R", access("a.txt", R_OK));
	CHECK("access X", access("a.txt", X_OK));
	CHECK("access dir X", access(".", X_OK));
	CHECK("access bad mode", access("a.txt", 0100));
	CHECK("chown", chown("a.txt", 12, 34));
	stat("a.txt", &st);
	printf("owner: %d %d\n", (int)st.st_uid, (int)st.st_gid);
	struct timespec ts[2] = { { 1000000000, 5 }, { 1200000000, 600 } };
	CHECK("utimensat", utimensat(AT_FDCWD, "a.txt", ts, 0));
	stat("a.txt", &st);
	printf("times: %ld.%ld %ld.%ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 7, 0 } };
	CHECK("futimens", futimens(fd, omit));
	stat("a.txt", &st);
	printf("times: %ld %ld\n", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
	struct timespec bad[2] = { { 0, 2000000000 }, { 0, 0 } };
	CHECK("utimensat bad nsec", utimensat(AT_FDCWD, "a.txt", bad, 0));
	close(fd);
	CHECK("umask", umask(077));
	fd = open("masked", O_CREAT | O_WRONLY, 0666);
	close(fd);
	show("masked", "masked");
	CHECK("umask back", umask(022));
	CHECK("O_PATH", (fd = open("a.txt", O_PATH)) >= 0);
	CHECK("read O_PATH", read(fd, buf, 1));
	CHECK("fstat O_PATH", fstat(fd, &st));
	printf("O_PATH size %ld\n", (long)st.st_size);
	close(fd);
	CHECK("fstatat empty path", fstatat(AT_FDCWD, "", &st, 0));
	char longname[300];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	CHECK("long name", open(longname, O_CREAT | O_WRONLY, 0644));
	return 0;
}
