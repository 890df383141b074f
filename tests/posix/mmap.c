/* mmap.c: mapping files: MAP_PRIVATE copies (writes do not reach the file), MAP_SHARED
 * read-only and read-write (the file itself: write() and stores see each other, across
 * munmap and unlink), offsets, the zero-filled tail of the last page, access-mode and file-type
 * errors, /dev/zero, NUMA policy calls on one node, MADV_DONTNEED on protected memory and a
 * hint address. Run in the starting tree. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

int main(int argc, char **argv)
{
	char buf[64];
	if (argc < 2 || chdir(argv[1])) {
		printf("usage: mmap DIR\n");
		return 2;
	}
	int fd = open("data.bin", O_CREAT | O_RDWR, 0644);
	for (int i = 0; i < 3 * 4096; i++) {
		unsigned char c = (unsigned char)(i * 7 + i / 4096);
		write(fd, &c, 1);
	}
	write(fd, "tail", 4);
	unsigned char *m = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	printf("private map: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
	unsigned sum = 0;
	for (int i = 0; i < 3 * 4096 + 4; i++)
		sum = sum * 31 + m[i];
	printf("sum: %u\n", sum);
	printf("tail: %.4s, after end: %d %d\n", m + 3 * 4096, m[3 * 4096 + 4], m[4 * 4096 - 1]);
	m[0] = 'X';
	pread(fd, buf, 1, 0);
	printf("file unchanged by private write: %d\n", buf[0] != 'X');
	pwrite(fd, "Q", 1, 1);
	printf("map unchanged by later file write: %d\n", m[1] != 'Q');
	CHECK("munmap", munmap(m, 4 * 4096));

	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 8192);
	printf("shared read-only at 8192: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
	printf("byte: %u\n", m[5]);
	munmap(m, 4096);

	/* MAP_SHARED is the file: write() shows in a mapping, stores through a mapping show in
	 * read(), both survive munmap, and two mappings of it see each other. */
	int sf = open("shared.bin", O_CREAT | O_RDWR, 0644);
	ftruncate(sf, 8192);
	unsigned char *r = mmap(NULL, 8192, PROT_READ, MAP_SHARED, sf, 0);
	unsigned char *w = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, sf, 0);
	printf("shared maps: %s %s\n", r == MAP_FAILED ? errname(errno) : "ok", w == MAP_FAILED ? errname(errno) : "ok");
	pwrite(sf, "XYZ", 3, 100);
	printf("pwrite seen in both maps: %.3s %.3s\n", r + 100, w + 100);
	memcpy(w + 5000, "stored", 6);
	pread(sf, buf, 6, 5000);
	printf("store seen by pread: %.6s, by the other map: %.6s\n", buf, r + 5000);
	CHECK("msync", msync(w, 8192, MS_SYNC));
	CHECK("munmap shared", munmap(w, 8192));
	CHECK("munmap shared read-only", munmap(r, 8192));
	pread(sf, buf, 6, 5000);
	printf("after munmap: %.6s\n", buf);
	w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, sf, 4096);
	printf("mapped again at 4096: %.6s\n", w + 904);
	unlink("shared.bin");
	w[905] = 'T';
	pread(sf, buf, 6, 5000);
	printf("unlinked, still mapped: %.6s\n", buf);
	munmap(w, 4096);
	CHECK("bad offset", (long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100));
	CHECK("bad fd", (long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 99, 0));
	int wo = open("data.bin", O_WRONLY);
	CHECK("write-only fd", (long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, wo, 0));
	int ro = open("data.bin", O_RDONLY);
	CHECK("shared writable on read-only fd", (long)mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0));
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	printf("private writable on read-only fd: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
	int p[2];
	pipe(p);
	CHECK("pipe", (long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, p[0], 0));
	int zero = open("/dev/zero", O_RDWR);
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, zero, 0);
	printf("/dev/zero map: %s, zero: %d\n", m == MAP_FAILED ? errname(errno) : "ok", m[100] == 0 && m[8000] == 0);
	int empty = open("empty", O_CREAT | O_RDWR, 0644);
	m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, empty, 0);
	printf("empty file map: %s\n", m == MAP_FAILED ? errname(errno) : "ok");

	/* One NUMA node: valid policies hold, bad modes are EINVAL (OpenBLAS binds its buffers). */
	char *a = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mbind preferred", syscall(SYS_mbind, a, 8192, 1, 0, 0, 0));
	CHECK("mbind bad mode", syscall(SYS_mbind, a, 8192, 9, 0, 0, 0));
	CHECK("mbind unaligned", syscall(SYS_mbind, a + 1, 8192, 0, 0, 0, 0));
	int mode = -1;
	unsigned long nodes[2] = { ~0ul, ~0ul };
	CHECK("get_mempolicy", syscall(SYS_get_mempolicy, &mode, nodes, 128, 0, 0));
	printf("policy %d, nodes %lx %lx\n", mode, nodes[0], nodes[1]);
	CHECK("get_mempolicy allowed", syscall(SYS_get_mempolicy, 0, nodes, 128, 0, 4));
	printf("allowed nodes %lx\n", nodes[0]);
	CHECK("set_mempolicy default", syscall(SYS_set_mempolicy, 0, 0, 0));
	CHECK("set_mempolicy bad mode", syscall(SYS_set_mempolicy, 9, 0, 0));

	/* MADV_DONTNEED zero-fills whatever the protection (allocators decommit PROT_NONE
	 * memory this way), and the protection stays. */
	memset(a, 7, 8192);
	CHECK("mprotect none", mprotect(a, 4096, PROT_NONE));
	CHECK("madvise dontneed", madvise(a, 8192, MADV_DONTNEED));
	CHECK("mprotect rw", mprotect(a, 4096, PROT_READ | PROT_WRITE));
	printf("after MADV_DONTNEED: %d %d\n", a[10], a[5000]);
	/* A hint outside the address space is only a hint: the mapping lands elsewhere, zeroed. */
	char *h = mmap((void *)0x200000000000ul, 1 << 21, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("hinted map: %s, zero: %d\n", h == MAP_FAILED ? errname(errno) : "ok", h != MAP_FAILED && h[4096] == 0);
	return 0;
}
