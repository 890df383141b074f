/* rlimits.c: setrlimit/prlimit rules as Linux applies them (a soft limit above the hard one,
 * lowering a hard limit and failing to raise it again as a user, an unknown resource, pid
 * checks), and RLIMIT_AS/RLIMIT_DATA enforced by mmap, malloc and brk. Prints lines to compare
 * with the linux build; limits' absolute values differ between the two and are not printed. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

static const char *maps(size_t n)
{
	void *p = mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return errname(errno);
	munmap(p, n);
	return "ok";
}

int main(void)
{
	struct rlimit r, got;
	getrlimit(RLIMIT_CORE, &r);
	r.rlim_cur = r.rlim_max == RLIM_INFINITY ? 4096 : r.rlim_max;
	CHECK("core: soft up to hard", setrlimit(RLIMIT_CORE, &r));
	struct rlimit bad = { 8192, 4096 };
	CHECK("core: soft above hard", setrlimit(RLIMIT_CORE, &bad));
	CHECK("unknown resource", syscall(SYS_prlimit64, 0, 99, 0, &got));
	CHECK("prlimit of another pid", syscall(SYS_prlimit64, 99999, RLIMIT_CORE, 0, &got));

	/* 64 MiB of address space: a 128 MiB mapping fails, 1 MiB still works. */
	struct rlimit as;
	getrlimit(RLIMIT_AS, &as);
	rlim_t as_max = as.rlim_max;
	as.rlim_cur = 64 << 20;
	CHECK("lower RLIMIT_AS soft", setrlimit(RLIMIT_AS, &as));
	getrlimit(RLIMIT_AS, &got);
	printf("RLIMIT_AS soft now: %llu MiB\n", (unsigned long long)got.rlim_cur >> 20);
	printf("mmap 128 MiB under it: %s\n", maps(128 << 20));
	printf("mmap 1 MiB under it: %s\n", maps(1 << 20));
	void *m = malloc(128 << 20);
	printf("malloc 128 MiB under it: %s\n", m ? "ok" : "NULL");
	free(m);
	as.rlim_cur = as_max;
	CHECK("raise RLIMIT_AS soft to hard", setrlimit(RLIMIT_AS, &as));
	printf("mmap 8 MiB again: %s\n", maps(8 << 20));

	struct rlimit data = { 32 << 20, RLIM_INFINITY };
	CHECK("lower RLIMIT_DATA soft", setrlimit(RLIMIT_DATA, &data));
	long brk0 = syscall(SYS_brk, 0);   /* raw: musl's brk() and sbrk() refuse by themselves */
	printf("brk 64 MiB past it: %s\n", syscall(SYS_brk, brk0 + (64 << 20)) == brk0 + (64 << 20) ? "grew" : "refused");
	printf("brk 64 KiB: %s\n", syscall(SYS_brk, brk0 + (64 << 10)) == brk0 + (64 << 10) ? "grew" : "refused");
	printf("brk back: %s\n", syscall(SYS_brk, brk0) == brk0 ? "ok" : "refused");
	data.rlim_cur = RLIM_INFINITY;
	CHECK("raise RLIMIT_DATA soft to hard", setrlimit(RLIMIT_DATA, &data));

	/* A user who lowers a hard limit cannot raise it again (no CAP_SYS_RESOURCE). */
	CHECK("setuid to a user", setuid(1000));
	struct rlimit nf = { 256, 512 };
	CHECK("nofile lowered", setrlimit(RLIMIT_NOFILE, &nf));
	nf.rlim_max = 1024;
	CHECK("nofile hard raised by a user", setrlimit(RLIMIT_NOFILE, &nf));
	nf.rlim_cur = nf.rlim_max = 512;
	CHECK("nofile soft up to hard", setrlimit(RLIMIT_NOFILE, &nf));
	getrlimit(RLIMIT_NOFILE, &got);
	printf("RLIMIT_NOFILE now: %llu/%llu\n", (unsigned long long)got.rlim_cur, (unsigned long long)got.rlim_max);
	return 0;
}
