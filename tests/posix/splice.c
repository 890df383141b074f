/* splice.c: sendfile (with and without an offset pointer, to a file, a pipe, an AF_UNIX and
 * a loopback TCP socket), splice file<->pipe, tee between pipes, copy_file_range, vmsplice,
 * their errors, and the socket options web servers set around them (TCP_CORK, TCP_NODELAY,
 * SO_REUSEPORT, TCP_DEFER_ACCEPT). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

#define SIZE 100000

static unsigned char pattern[SIZE];

static uint32_t fnv(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* Prints the hash of bytes [off, off+len) of a file, and whether they equal the pattern's. */
static void show_file(const char *label, const char *path, off_t off, size_t len, off_t pat_off)
{
	static unsigned char buf[SIZE];
	int fd = open(path, O_RDONLY);
	ssize_t n = pread(fd, buf, len, off);
	close(fd);
	printf("%s: %zd bytes, %s\n", label, n,
	       n == (ssize_t)len && !memcmp(buf, pattern + pat_off, len) ? "same as the source" : "DIFFERENT");
}

struct reader {
	int fd;
	size_t got;
	uint32_t hash;
};

static void *read_all(void *arg)
{
	struct reader *r = arg;
	static unsigned char buf[SIZE];
	ssize_t n;
	while (r->got < SIZE && (n = read(r->fd, buf + r->got, SIZE - r->got)) > 0)
		r->got += (size_t)n;
	r->hash = fnv(buf, r->got);
	return NULL;
}

static void sendfile_socket(const char *label, int sender, int receiver, int src)
{
	struct reader r = { receiver, 0, 0 };
	pthread_t t;
	pthread_create(&t, NULL, read_all, &r);
	off_t off = 0;
	CHECK(label, sendfile(sender, src, &off, SIZE));
	pthread_join(t, NULL);
	printf("%s: received %zu bytes, %s\n", label, r.got, r.hash == fnv(pattern, SIZE) ? "same as the source" : "DIFFERENT");
}

static void sockopt(int fd, int level, int name, int value, const char *label)
{
	int v = -1;
	socklen_t len = sizeof v;
	CHECK(label, setsockopt(fd, level, name, &value, sizeof value));
	getsockopt(fd, level, name, &v, &len);
	printf("%s: reads back %d (len %u)\n", label, v, (unsigned)len);
}

int main(void)
{
	for (size_t i = 0; i < SIZE; i++)
		pattern[i] = (unsigned char)(i * 7 + i / 251);
	signal(SIGPIPE, SIG_IGN);
	int src = open("src.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(src, pattern, SIZE);
	lseek(src, 0, SEEK_SET);

	/* sendfile to a file: with an offset pointer (the file position stays), then without. */
	int dst = open("dst.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	off_t off = 1000;
	CHECK("sendfile offset", sendfile(dst, src, &off, 5000));
	printf("offset after: %ld, source position: %ld\n", (long)off, (long)lseek(src, 0, SEEK_CUR));
	CHECK("sendfile position", sendfile(dst, src, NULL, 3000));
	printf("source position after: %ld, destination position: %ld\n", (long)lseek(src, 0, SEEK_CUR), (long)lseek(dst, 0, SEEK_CUR));
	show_file("dst 0..5000", "dst.bin", 0, 5000, 1000);
	show_file("dst 5000..8000", "dst.bin", 5000, 3000, 0);
	off = SIZE - 10;
	CHECK("sendfile near end", sendfile(dst, src, &off, 1000));
	CHECK("sendfile at end", sendfile(dst, src, &off, 1000));
	CHECK("sendfile whole", sendfile(dst, src, &(off_t){ 0 }, SIZE));
	off = -1;
	CHECK("sendfile negative offset", sendfile(dst, src, &off, 10));
	CHECK("sendfile bad fd", sendfile(dst, 99, NULL, 10));
	int ro = open("src.bin", O_RDONLY);
	CHECK("sendfile to read-only", sendfile(ro, src, NULL, 10));
	int app = open("app.bin", O_WRONLY | O_CREAT | O_APPEND, 0644);
	CHECK("sendfile to O_APPEND", sendfile(app, src, NULL, 10));

	/* sendfile into a pipe, and a pipe as the source (not a regular file). */
	int p[2], q[2];
	unsigned char buf[SIZE];
	pipe(p);
	CHECK("sendfile to pipe", sendfile(p[1], src, &(off_t){ 20 }, 4096));
	CHECK("read pipe", read(p[0], buf, sizeof buf));
	printf("pipe data: %s\n", !memcmp(buf, pattern + 20, 4096) ? "same as the source" : "DIFFERENT");
	write(p[1], "abc", 3);
	CHECK("sendfile from socket-like source", sendfile(dst, p[0], NULL, 3));
	read(p[0], buf, 3);

	/* splice: file -> pipe with an offset, pipe -> file with an offset, then positions. */
	lseek(src, 0, SEEK_SET);
	off_t in_off = 300, out_off = 50;
	CHECK("splice file->pipe", splice(src, &in_off, p[1], NULL, 10000, 0));
	printf("in offset after: %ld, source position: %ld\n", (long)in_off, (long)lseek(src, 0, SEEK_CUR));
	int sp = open("splice.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK("splice pipe->file", splice(p[0], NULL, sp, &out_off, 6000, 0));
	printf("out offset after: %ld, destination position: %ld\n", (long)out_off, (long)lseek(sp, 0, SEEK_CUR));
	lseek(sp, 8000, SEEK_SET);
	CHECK("splice rest, file position", splice(p[0], NULL, sp, NULL, SIZE, 0));
	printf("destination position: %ld\n", (long)lseek(sp, 0, SEEK_CUR));
	show_file("splice 50..6050", "splice.bin", 50, 6000, 300);
	show_file("splice 8000..12000", "splice.bin", 8000, 4000, 6300);
	CHECK("splice file->pipe, more than fits", splice(src, NULL, p[1], NULL, 200000, 0));
	CHECK("splice drain", splice(p[0], NULL, sp, NULL, 200000, 0));
	CHECK("splice empty, SPLICE_F_NONBLOCK", splice(p[0], NULL, sp, NULL, 10, SPLICE_F_NONBLOCK));
	CHECK("splice pipe offset", splice(p[0], &in_off, sp, NULL, 10, 0));
	CHECK("splice no pipe", splice(src, NULL, sp, NULL, 10, 0));
	CHECK("splice bad flags", splice(p[0], NULL, sp, NULL, 10, 0x100));
	CHECK("splice same pipe", splice(p[0], NULL, p[1], NULL, 10, 0));
	CHECK("splice to O_APPEND", splice(p[0], NULL, app, NULL, 10, 0));
	CHECK("splice zero length", splice(src, NULL, p[1], NULL, 0, 0));

	/* pipe -> pipe, then end of file once the writer is gone. */
	pipe(q);
	write(p[1], "between pipes", 13);
	CHECK("splice pipe->pipe", splice(p[0], NULL, q[1], NULL, 100, 0));
	memset(buf, 0, 32);
	CHECK("read", read(q[0], buf, 100));
	printf("moved: [%s]\n", buf);

	/* tee: the data stays in the first pipe. */
	write(p[1], "hello, tee", 10);
	CHECK("tee", tee(p[0], q[1], 100, 0));
	CHECK("tee part", tee(p[0], q[1], 5, 0));
	memset(buf, 0, 32);
	CHECK("read source", read(p[0], buf, 100));
	printf("source: [%s]\n", buf);
	memset(buf, 0, 32);
	CHECK("read copy", read(q[0], buf, 100));
	printf("copy: [%s]\n", buf);
	CHECK("tee empty, SPLICE_F_NONBLOCK", tee(p[0], q[1], 10, SPLICE_F_NONBLOCK));
	CHECK("tee same pipe", tee(p[0], p[1], 10, 0));
	CHECK("tee from a file", tee(src, q[1], 10, 0));
	close(p[1]);
	CHECK("tee at end of file", tee(p[0], q[1], 10, 0));
	CHECK("splice at end of file", splice(p[0], NULL, sp, NULL, 10, 0));
	close(p[0]);

	/* vmsplice: user memory into a pipe and back out. */
	pipe(p);
	struct iovec iov[2] = { { "vm", 2 }, { "splice", 6 } };
	CHECK("vmsplice to pipe", vmsplice(p[1], iov, 2, 0));
	char out1[3] = { 0 }, out2[7] = { 0 };
	struct iovec back[2] = { { out1, 2 }, { out2, 6 } };
	CHECK("vmsplice from pipe", vmsplice(p[0], back, 2, 0));
	printf("vmsplice: [%s][%s]\n", out1, out2);
	CHECK("vmsplice to a file", vmsplice(src, iov, 1, 0));

	/* copy_file_range: with offsets (positions stay), without, errors. */
	int cp = open("copy.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	lseek(src, 0, SEEK_SET);
	in_off = 777, out_off = 0;
	CHECK("copy_file_range offsets", copy_file_range(src, &in_off, cp, &out_off, 20000, 0));
	printf("offsets after: %ld %ld, positions: %ld %ld\n", (long)in_off, (long)out_off,
	       (long)lseek(src, 0, SEEK_CUR), (long)lseek(cp, 0, SEEK_CUR));
	CHECK("copy_file_range positions", copy_file_range(src, NULL, cp, NULL, 5000, 0));
	printf("positions: %ld %ld\n", (long)lseek(src, 0, SEEK_CUR), (long)lseek(cp, 0, SEEK_CUR));
	show_file("copy 0..5000", "copy.bin", 0, 5000, 0);
	show_file("copy 5000..20000", "copy.bin", 5000, 15000, 5777);
	in_off = SIZE;
	CHECK("copy_file_range at end", copy_file_range(src, &in_off, cp, NULL, 10, 0));
	CHECK("copy_file_range flags", copy_file_range(src, NULL, cp, NULL, 10, 1));
	in_off = 0, out_off = 100;
	CHECK("copy_file_range overlap", copy_file_range(cp, &in_off, cp, &out_off, 1000, 0));
	out_off = 15000;
	CHECK("copy_file_range same file", copy_file_range(cp, &in_off, cp, &out_off, 1000, 0));
	show_file("copy 15000..16000", "copy.bin", 15000, 1000, 0);
	CHECK("copy_file_range to O_APPEND", copy_file_range(src, NULL, app, NULL, 10, 0));
	CHECK("copy_file_range from a pipe", copy_file_range(p[0], NULL, cp, NULL, 10, 0));
	CHECK("copy_file_range to read-only", copy_file_range(src, NULL, ro, NULL, 10, 0));

	/* Socket options web servers set. */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	sockopt(s, IPPROTO_TCP, TCP_CORK, 1, "TCP_CORK on");
	sockopt(s, IPPROTO_TCP, TCP_CORK, 0, "TCP_CORK off");
	sockopt(s, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
	sockopt(s, SOL_SOCKET, SO_REUSEPORT, 1, "SO_REUSEPORT");
	/* Not on the listener below: Linux's accept would then wait for the client's data. */
	int d = socket(AF_INET, SOCK_STREAM, 0);
	sockopt(d, IPPROTO_TCP, TCP_DEFER_ACCEPT, 5, "TCP_DEFER_ACCEPT 5");
	sockopt(d, IPPROTO_TCP, TCP_DEFER_ACCEPT, 30, "TCP_DEFER_ACCEPT 30");

	/* sendfile to sockets: an AF_UNIX pair and a loopback TCP connection, read by a thread. */
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	sendfile_socket("sendfile AF_UNIX", sv[0], sv[1], src);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof a;
	bind(s, (struct sockaddr *)&a, sizeof a);
	listen(s, 1);
	getsockname(s, (struct sockaddr *)&a, &alen);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK("connect", connect(c, (struct sockaddr *)&a, sizeof a));
	int acc = accept(s, NULL, NULL);
	sockopt(acc, IPPROTO_TCP, TCP_CORK, 1, "accepted TCP_CORK on");
	sendfile_socket("sendfile TCP", acc, c, src);
	sockopt(acc, IPPROTO_TCP, TCP_CORK, 0, "accepted TCP_CORK off");
	CHECK("sendfile from a socket", sendfile(dst, c, NULL, 10));
	return 0;
}
