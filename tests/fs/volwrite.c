/* Changes files in a volume the way programs do, for tests/fs/volume-persist.test: each mode
 * prints one line per step (the call's result and errno name), so the test compares what the
 * guest saw with what the host directory holds afterwards. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

static char path[4096];

static const char *at(const char *dir, const char *name)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

/* musl has no strerrorname_np: the names these steps can give. */
static const char *errname(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ EROFS, "EROFS" }, { EXDEV, "EXDEV" }, { EBUSY, "EBUSY" }, { ENOENT, "ENOENT" },
		{ EACCES, "EACCES" }, { ENOTEMPTY, "ENOTEMPTY" }, { EPERM, "EPERM" }, { EINVAL, "EINVAL" },
		{ EIO, "EIO" }, { EEXIST, "EEXIST" }, { ENOSPC, "ENOSPC" },
	};
	static char other[16];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(other, sizeof other, "errno %d", e);
	return other;
}

static void report(const char *what, long r)
{
	printf("%s: %s\n", what, r < 0 ? errname(errno) : "ok");
}

static int write_file(const char *p, const char *text, int flags)
{
	int fd = open(p, O_WRONLY | O_CREAT | flags, 0644);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Every call that changes the tree or a file's data or metadata. */
static void ops(const char *d)
{
	report("create", write_file(at(d, "new.txt"), "hello volume\n", O_TRUNC));
	report("append", write_file(at(d, "new.txt"), "second line\n", O_APPEND));
	int fd = open(at(d, "data.bin"), O_RDWR | O_CREAT, 0600);
	report("pwrite", pwrite(fd, "XYZ", 3, 8192));
	report("fsync", fsync(fd));
	report("ftruncate", ftruncate(fd, 4096 + 10));
	report("fdatasync", fdatasync(fd));
	close(fd);
	report("mkdir", mkdir(at(d, "sub"), 0750));
	char to[4096];
	snprintf(to, sizeof to, "%s/sub/moved.txt", d);
	report("rename", rename(at(d, "keep.txt"), to));
	report("unlink", unlink(at(d, "gone.txt")));
	report("rmdir", rmdir(at(d, "emptydir")));
	report("symlink", symlink("sub/moved.txt", at(d, "link")));
	snprintf(to, sizeof to, "%s/hard.txt", d);
	report("link", link(at(d, "new.txt"), to));
	report("truncate", truncate(at(d, "trunc.txt"), 3));
	report("chmod", chmod(at(d, "trunc.txt"), 0600));
	struct timeval tv[2] = { { 1000000000, 0 }, { 1234567890, 0 } };
	report("utimes", utimes(at(d, "trunc.txt"), tv));
	char other[4096];
	snprintf(other, sizeof other, "%s/sub/moved.txt", d);
	report("exchange", syscall(SYS_renameat2, AT_FDCWD, at(d, "new.txt"), AT_FDCWD, other, 2 /* RENAME_EXCHANGE */));
	report("rename-out", rename(at(d, "new.txt"), "/tmp/out.txt"));
	report("rmdir-root", rmdir(d));
	report("rename-root", rename(d, "/elsewhere"));
}

/* A read-only volume: every change refused with EROFS, reading still works. */
static void readonly(const char *d)
{
	report("create", open(at(d, "new.txt"), O_WRONLY | O_CREAT, 0644));
	report("open-write", open(at(d, "keep.txt"), O_WRONLY));
	report("open-read", open(at(d, "keep.txt"), O_RDONLY));
	report("unlink", unlink(at(d, "keep.txt")));
	report("mkdir", mkdir(at(d, "sub"), 0755));
	report("truncate", truncate(at(d, "keep.txt"), 0));
	report("chmod", chmod(at(d, "keep.txt"), 0600));
	char to[4096];
	snprintf(to, sizeof to, "%s/renamed.txt", d);
	report("rename", rename(at(d, "keep.txt"), to));
}

/* A database's write pattern: fixed-size records, each made durable with fsync before the
 * next, and the count announced after each, so a test that kills the image knows what must
 * be on the host. */
static void records(const char *d, long n)
{
	int fd = open(at(d, "journal.db"), O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (fd < 0) {
		report("open", -1);
		exit(1);
	}
	for (long i = 0; i < n; i++) {
		char rec[64];
		unsigned sum = 0;
		int len = snprintf(rec, sizeof rec, "record %08ld ", i);
		for (int k = 0; k < len; k++)
			sum = sum * 31 + (unsigned char)rec[k];
		len += snprintf(rec + len, sizeof rec - (size_t)len, "%08x\n", sum);
		if (write(fd, rec, (size_t)len) != len || fsync(fd)) {
			report("write", -1);
			exit(1);
		}
		printf("synced %ld\n", i + 1);
		fflush(stdout);
	}
}

/* Writes through a MAP_SHARED mapping reach the file after msync. */
static void mapped(const char *d)
{
	int fd = open(at(d, "mapped.bin"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	report("ftruncate", ftruncate(fd, 8192));
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	report("mmap", p == MAP_FAILED ? -1 : 0);
	memcpy(p, "page one", 8);
	memcpy(p + 4096, "page two", 8);
	report("msync", msync(p, 8192, MS_SYNC));
	memcpy(p + 100, "after msync", 11);
	report("munmap", munmap(p, 8192));
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: volwrite ops|readonly|records|mapped DIR [N]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "ops"))
		ops(argv[2]);
	else if (!strcmp(argv[1], "readonly"))
		readonly(argv[2]);
	else if (!strcmp(argv[1], "records"))
		records(argv[2], argc > 3 ? atol(argv[3]) : 1000);
	else if (!strcmp(argv[1], "mapped"))
		mapped(argv[2]);
	else
		return 2;
	return 0;
}
