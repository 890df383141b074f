/* pipes.c: pipe and pipe2: data in order, FIONREAD, non-blocking ends, end of file when the
 * writers close, EPIPE (with SIGPIPE ignored) when the readers close, capacity, fstat and
 * lseek on a pipe, and a pipe through dup2 onto a standard descriptor. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	int p[2];
	char buf[70000];
	CHECK("pipe", pipe(p));
	printf("fds: %d %d\n", p[0], p[1]);
	CHECK("write", write(p[1], "hello, pipe", 11));
	int n = -1;
	CHECK("FIONREAD", ioctl(p[0], FIONREAD, &n));
	printf("available: %d\n", n);
	CHECK("read 5", read(p[0], buf, 5));
	CHECK("read rest", read(p[0], buf + 5, sizeof buf));
	printf("data: [%.11s]\n", buf);
	CHECK("read end write", write(p[0], "x", 1));
	CHECK("write end read", read(p[1], buf, 1));
	CHECK("lseek", lseek(p[0], 0, SEEK_SET));
	CHECK("pread", pread(p[0], buf, 1, 0));
	struct stat st;
	fstat(p[0], &st);
	printf("fifo: %d\n", S_ISFIFO(st.st_mode));
	CHECK("F_GETFL read end", fcntl(p[0], F_GETFL) & O_ACCMODE);
	CHECK("F_GETFL write end", fcntl(p[1], F_GETFL) & O_ACCMODE);
	CHECK("fsync pipe", fsync(p[0]));

	/* Non-blocking: an empty pipe gives EAGAIN; a full one takes what fits. */
	CHECK("F_SETFL", fcntl(p[0], F_SETFL, O_NONBLOCK));
	CHECK("read empty nonblock", read(p[0], buf, 1));
	CHECK("F_SETFL write", fcntl(p[1], F_SETFL, O_NONBLOCK));
	memset(buf, 'a', sizeof buf);
	long total = 0, r;
	while ((r = write(p[1], buf, 4096)) > 0)
		total += r;
	printf("capacity: %ld, then %s\n", total, errname(errno));
	CHECK("drain", read(p[0], buf, sizeof buf));
	CHECK("write again", write(p[1], "abc", 3));

	/* Closing the write end: the rest, then end of file. */
	CHECK("close writer", close(p[1]));
	CHECK("read after close", read(p[0], buf, sizeof buf));
	CHECK("eof", read(p[0], buf, sizeof buf));
	close(p[0]);

	/* Closing the read end: EPIPE once SIGPIPE is ignored. */
	signal(SIGPIPE, SIG_IGN);
	CHECK("pipe2", pipe2(p, O_CLOEXEC | O_NONBLOCK));
	CHECK("cloexec", fcntl(p[0], F_GETFD));
	CHECK("nonblock", !!(fcntl(p[1], F_GETFL) & O_NONBLOCK));
	CHECK("close reader", close(p[0]));
	CHECK("write no reader", write(p[1], "x", 1));
	close(p[1]);
	CHECK("pipe2 bad flags", pipe2(p, 0x4));

	/* A duplicated write end keeps the pipe open until the last one closes. */
	pipe(p);
	int w2 = dup(p[1]);
	close(p[1]);
	CHECK("write via dup", write(w2, "dup", 3));
	close(w2);
	CHECK("read dup data", read(p[0], buf, sizeof buf));
	CHECK("eof after dup closed", read(p[0], buf, sizeof buf));
	close(p[0]);

	/* stdout through a pipe and back. */
	fflush(stdout);
	int saved = dup(1);
	pipe(p);
	dup2(p[1], 1);
	close(p[1]);
	CHECK("write to stdout pipe", write(1, "via stdout", 10));
	dup2(saved, 1);
	close(saved);
	memset(buf, 0, sizeof buf);
	CHECK("read stdout pipe", read(p[0], buf, sizeof buf));
	printf("got: [%s]\n", buf);
	return 0;
}
