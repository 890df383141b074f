/* descriptors.c: dup, dup2, dup3, fcntl (F_DUPFD, close-on-exec, status flags, record
 * locks), flock between two opens, shared and separate offsets, ioctl FIONREAD/FIONBIO,
 * /dev files, and EMFILE at the RLIMIT_NOFILE the program sets. Run in the starting tree. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

int main(int argc, char **argv)
{
	char buf[64];
	if (argc < 2 || chdir(argv[1])) {
		printf("usage: descriptors DIR\n");
		return 2;
	}
	int fd = open("hello.txt", O_RDONLY);
	printf("first fd: %d\n", fd);
	CHECK("dup", dup(fd));
	CHECK("dup2", dup2(fd, 10));
	CHECK("dup2 same", dup2(fd, fd));
	CHECK("dup2 bad", dup2(99, 11));
	CHECK("dup3 same", dup3(fd, fd, 0));
	CHECK("dup3 bad flags", dup3(fd, 12, 1));
	CHECK("dup3 cloexec", dup3(fd, 12, O_CLOEXEC));
	CHECK("F_GETFD 12", fcntl(12, F_GETFD));
	CHECK("F_GETFD 10", fcntl(10, F_GETFD));
	CHECK("F_SETFD", fcntl(10, F_SETFD, FD_CLOEXEC));
	CHECK("F_GETFD 10", fcntl(10, F_GETFD));
	CHECK("F_DUPFD 20", fcntl(fd, F_DUPFD, 20));
	CHECK("F_DUPFD 20 again", fcntl(fd, F_DUPFD, 20));
	CHECK("F_DUPFD_CLOEXEC", fcntl(fd, F_DUPFD_CLOEXEC, 5));
	CHECK("F_GETFD 5", fcntl(5, F_GETFD));
	CHECK("F_DUPFD negative", fcntl(fd, F_DUPFD, -1));
	CHECK("close", close(10));
	CHECK("close again", close(10));
	CHECK("fcntl closed", fcntl(10, F_GETFD));
	CHECK("read closed", read(10, buf, 1));

	/* Duplicates share one offset; two opens have their own. */
	int other = open("hello.txt", O_RDONLY), dup_fd = dup(fd);
	CHECK("read 2", read(fd, buf, 2));
	CHECK("offset of dup", lseek(dup_fd, 0, SEEK_CUR));
	CHECK("offset of other open", lseek(other, 0, SEEK_CUR));

	/* Status flags. */
	int w = open("flags.txt", O_CREAT | O_WRONLY | O_APPEND, 0644);
	CHECK("F_GETFL accmode", fcntl(w, F_GETFL) & O_ACCMODE);
	CHECK("F_GETFL append", !!(fcntl(w, F_GETFL) & O_APPEND));
	CHECK("F_SETFL nonblock", fcntl(w, F_SETFL, O_NONBLOCK));
	CHECK("F_GETFL append now", !!(fcntl(w, F_GETFL) & O_APPEND));
	CHECK("F_GETFL nonblock now", !!(fcntl(w, F_GETFL) & O_NONBLOCK));
	CHECK("F_SETFL keeps access mode", fcntl(w, F_SETFL, O_RDWR) == 0 && (fcntl(w, F_GETFL) & O_ACCMODE) == O_WRONLY);
	int on = 1;
	CHECK("FIONBIO", ioctl(fd, FIONBIO, &on));
	CHECK("F_GETFL after FIONBIO", !!(fcntl(fd, F_GETFL) & O_NONBLOCK));
	int avail = -1;
	CHECK("FIONREAD", ioctl(fd, FIONREAD, &avail));
	printf("FIONREAD bytes: %d\n", avail);
	CHECK("TCGETS on file", ioctl(fd, TCGETS, buf));
	CHECK("bad fcntl", fcntl(fd, 9999));

	/* Record locks: one process never conflicts with itself. */
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
	int rw = open("flags.txt", O_RDWR);
	CHECK("F_SETLK write", fcntl(rw, F_SETLK, &l));
	CHECK("F_SETLKW write again", fcntl(rw, F_SETLKW, &l));
	l.l_type = F_WRLCK;
	CHECK("F_GETLK", fcntl(rw, F_GETLK, &l));
	printf("F_GETLK type unlocked: %d\n", l.l_type == F_UNLCK);
	l.l_type = F_WRLCK;
	CHECK("F_SETLK write on read-only", fcntl(fd, F_SETLK, &l));
	l.l_type = F_RDLCK;
	CHECK("F_SETLK read on write-only", fcntl(w, F_SETLK, &l));
	l.l_type = 99;
	CHECK("F_SETLK bad type", fcntl(rw, F_SETLK, &l));
	l.l_type = F_UNLCK;
	CHECK("F_SETLK unlock", fcntl(rw, F_SETLK, &l));

	/* flock belongs to the open file description: two opens conflict. */
	int f1 = open("flags.txt", O_RDONLY), f2 = open("flags.txt", O_RDONLY), f1d = dup(f1);
	CHECK("flock ex", flock(f1, LOCK_EX));
	CHECK("flock ex again, same", flock(f1d, LOCK_EX | LOCK_NB));
	CHECK("flock ex other open", flock(f2, LOCK_EX | LOCK_NB));
	CHECK("flock sh other open", flock(f2, LOCK_SH | LOCK_NB));
	CHECK("flock to sh", flock(f1, LOCK_SH));
	CHECK("flock sh other now", flock(f2, LOCK_SH | LOCK_NB));
	CHECK("flock ex blocked by sh", flock(f1, LOCK_EX | LOCK_NB));
	CHECK("flock bad op", flock(f1, 0));
	close(f2);
	CHECK("flock ex after close", flock(f1, LOCK_EX | LOCK_NB));
	CHECK("flock unlock", flock(f1, LOCK_UN));

	/* Devices. */
	int null = open("/dev/null", O_RDWR), zero = open("/dev/zero", O_RDONLY), rnd = open("/dev/urandom", O_RDONLY);
	CHECK("write null", write(null, "abc", 3));
	CHECK("read null", read(null, buf, sizeof buf));
	memset(buf, 1, sizeof buf);
	CHECK("read zero", read(zero, buf, 16));
	printf("zeros: %d\n", buf[0] == 0 && buf[15] == 0);
	CHECK("read urandom", read(rnd, buf, 16));
	CHECK("read random", read(open("/dev/random", O_RDONLY), buf, 8));
	struct stat st;
	stat("/dev/null", &st);
	printf("/dev/null: chr %d rdev %d:%d\n", S_ISCHR(st.st_mode), (int)(st.st_rdev >> 8), (int)(st.st_rdev & 0xff));
	CHECK("lseek null", lseek(null, 5, SEEK_SET));
	CHECK("write full", write(open("/dev/full", O_WRONLY), "x", 1));
	CHECK("passwd readable", access("/etc/passwd", R_OK));
	CHECK("hosts readable", access("/etc/hosts", R_OK));

	/* EMFILE at the limit the program sets, lowest free descriptor first. */
	struct rlimit rl = { 32, 32 };
	CHECK("setrlimit", setrlimit(RLIMIT_NOFILE, &rl));
	getrlimit(RLIMIT_NOFILE, &rl);
	printf("limit: %ld %ld\n", (long)rl.rlim_cur, (long)rl.rlim_max);
	int last = -1, count = 0;
	for (;;) {
		int x = open("hello.txt", O_RDONLY);
		if (x < 0) {
			printf("open stopped after %d more: %s\n", count, errname(errno));
			break;
		}
		last = x;
		count++;
	}
	printf("last fd: %d\n", last);
	CHECK("dup at limit", dup(0));
	CHECK("pipe at limit", pipe((int[2]){ 0 }));
	CHECK("create at limit", open("new-at-limit", O_CREAT | O_WRONLY, 0644));
	CHECK("not created", access("new-at-limit", F_OK));
	CHECK("dup2 beyond limit", dup2(0, 40));
	CHECK("F_DUPFD beyond limit", fcntl(0, F_DUPFD, 40));
	close(7);
	CHECK("reuses lowest", open("hello.txt", O_RDONLY));
	struct rlimit bad = { 64, 32 };
	CHECK("setrlimit cur > max", setrlimit(RLIMIT_NOFILE, &bad));
	return 0;
}
