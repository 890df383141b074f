/* sendfilecopy.c: for bench/sendfile.sh, the cost of sending a 10 MB file with sendfile vs
 * read + write (64 KiB buffer) inside one program, without a NIC: to /dev/null (the copy
 * alone) and over a loopback TCP connection drained by a second thread. Prints
 * "TARGET MODE MS" lines, each the median of several rounds. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SIZE (10 << 20)
#define ROUNDS 9

static char buf[65536];

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void *drain(void *arg)
{
	static char b[65536];
	int fd = *(int *)arg;
	while (read(fd, b, sizeof b) > 0)
		;
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* One send of the whole file to out, as mode says; exits on a failure. */
static void send_file(int out, int file, int use_sendfile)
{
	if (use_sendfile) {
		off_t off = 0;
		while (off < SIZE)
			if (sendfile(out, file, &off, SIZE - (size_t)off) <= 0) {
				perror("sendfile");
				exit(1);
			}
		return;
	}
	lseek(file, 0, SEEK_SET);
	ssize_t n;
	while ((n = read(file, buf, sizeof buf)) > 0)
		for (ssize_t done = 0, w; done < n; done += w)
			if ((w = write(out, buf + done, (size_t)(n - done))) <= 0) {
				perror("write");
				exit(1);
			}
}

static void measure(const char *target, int out, int file)
{
	for (int mode = 1; mode >= 0; mode--) {
		double t[ROUNDS];
		for (int i = 0; i < ROUNDS; i++) {
			double t0 = now_ms();
			send_file(out, file, mode);
			t[i] = now_ms() - t0;
		}
		qsort(t, ROUNDS, sizeof *t, cmp);
		printf("%s %s %.2f\n", target, mode ? "sendfile" : "rw", t[ROUNDS / 2]);
	}
}

int main(void)
{
	int file = open("sendfilecopy.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	for (int i = 0; i < SIZE / (int)sizeof buf; i++) {
		for (size_t j = 0; j < sizeof buf; j++)
			buf[j] = (char)(i + j);
		if (write(file, buf, sizeof buf) != sizeof buf) {
			perror("sendfilecopy: writing the file");
			return 1;
		}
	}
	unlink("sendfilecopy.tmp");
	measure("devnull", open("/dev/null", O_WRONLY), file);

	int s = socket(AF_INET, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 1) || getsockname(s, (struct sockaddr *)&a, &len) ||
	    connect(c, (struct sockaddr *)&a, sizeof a)) {
		perror("sendfilecopy: loopback connection");
		return 1;
	}
	int acc = accept(s, NULL, NULL);
	pthread_t t;
	pthread_create(&t, NULL, drain, &c);
	measure("loopback-tcp", acc, file);
	return 0;
}
