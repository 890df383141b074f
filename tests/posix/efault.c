/* Bad pointers passed to syscalls fail with EFAULT, as on Linux, instead of crashing: NULL,
 * unmapped, non-canonical, PROT_NONE and read-only memory, for reads, writes, paths and
 * structs. Raw syscall() where libc would touch the pointer itself (the vDSO clock)
 * or has no wrapper (futex: its word and its timeout). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

/* Linux's futex operations (uapi linux/futex.h, which musl's headers do not carry). */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_CMP_REQUEUE_PRIVATE 132

int main(void)
{
	setvbuf(stdout, 0, _IONBF, 0);
	char *none = mmap(0, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *bad[] = { (void *)0, (void *)1, (void *)(1ull << 46), (void *)(1ull << 63), none, none + 4096 - 2 };
	const char *badname[] = { "NULL", "1", "unmapped", "non-canonical", "PROT_NONE", "PROT_NONE-end" };
	int fd = open("/tmp/efault", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int dir = open("/", O_RDONLY | O_DIRECTORY);
	write(fd, "0123456789", 10);
	char label[80];
	int word = 0;
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		void *b = bad[i];
#define T(what, call) do { snprintf(label, sizeof label, "%s %s", what, badname[i]); CHECK(label, call); } while (0)
		lseek(fd, 0, SEEK_SET);
		T("read", read(fd, b, 10));
		T("write", write(fd, b, 10));
		T("pread", pread(fd, b, 10, 0));
		T("open", open(b, O_RDONLY));
		T("openat", openat(AT_FDCWD, b, O_RDONLY));
		T("stat path", syscall(SYS_stat, b, &(struct stat){0}));
		T("stat buf", syscall(SYS_stat, "/", b));
		T("lstat buf", syscall(SYS_lstat, "/", b));
		T("fstat", syscall(SYS_fstat, fd, b));
		T("newfstatat", syscall(SYS_newfstatat, AT_FDCWD, "/", b, 0));
		T("access", access(b, F_OK));
		T("mkdir", mkdir(b, 0700));
		T("unlink", unlink(b));
		T("rename from", rename(b, "/tmp/x"));
		T("rename to", rename("/tmp/efault-none", b));
		T("chdir", chdir(b));
		T("getcwd", syscall(SYS_getcwd, b, 100));
		T("readlink", readlink(b, label, 10));
		T("getdents64", syscall(SYS_getdents64, dir, b, 100));
		T("pipe", syscall(SYS_pipe, b));
		T("uname", syscall(SYS_uname, b));
		T("nanosleep", syscall(SYS_nanosleep, b, 0));
		T("clock_nanosleep", syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, b, 0));
		T("clock_gettime", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, b));
		T("gettimeofday", syscall(SYS_gettimeofday, b, 0));
		T("rt_sigaction", syscall(SYS_rt_sigaction, SIGUSR1, b, 0, 8));
		T("rt_sigprocmask", syscall(SYS_rt_sigprocmask, SIG_BLOCK, b, 0, 8));
		T("getrandom", syscall(SYS_getrandom, b, 16, 0));
		T("futex wait word", syscall(SYS_futex, b, FUTEX_WAIT_PRIVATE, 1, &(struct timespec){ 0, 1000 }, 0, 0));
		T("futex cmp_requeue word", syscall(SYS_futex, b, FUTEX_CMP_REQUEUE_PRIVATE, 0, 0, &word, 0));
		if (b)   /* a NULL timeout is none: the wait would not end */
			T("futex wait timeout", syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, b, 0, 0));
	}
	/* Read-only memory: a read into the program's text fails, a write from it works. */
	lseek(fd, 0, SEEK_SET);
	CHECK("read into text", read(fd, (void *)main, 4));
	CHECK("write from text", write(fd, (void *)main, 4));
	CHECK("nanosleep with a bad rem, not interrupted", syscall(SYS_nanosleep, &(struct timespec){ 0, 1000 }, (void *)1));
	CHECK("read of 0 bytes into NULL", read(fd, 0, 0));
	CHECK("still alive", 0);
	return 0;
}
