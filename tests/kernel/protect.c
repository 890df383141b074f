/* mprotect is enforced: argv[1] picks what to do with a page made read-only or PROT_NONE. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "ok";
	char *p = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	strcpy(p, "data");
	printf("ro %d\n", mprotect(p, 4096, PROT_READ));
	printf("none %d\n", mprotect(p + 4096, 4096, PROT_NONE));
	printf("read ro page: %s\n", p);
	fflush(stdout);
	if (!strcmp(what, "write-ro"))
		p[0] = 'x';
	if (!strcmp(what, "read-none"))
		printf("%d\n", p[4096]);
	if (!strcmp(what, "exec-data"))
		((void (*)(void))p)();
	printf("rw again %d\n", mprotect(p, 2 * 4096, PROT_READ | PROT_WRITE));
	p[0] = 'D';
	p[4096] = 1;
	printf("writable again: %s\n", p);
	/* Pages given back and taken again are read-write and zero. */
	mprotect(p, 4096, PROT_READ);
	munmap(p, 3 * 4096);
	char *q = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	q[0] = 'q';
	printf("reused zero %d\n", q[1] == 0 && q[4096] == 0);
	printf("mprotect of text refused %d\n", mprotect((void *)((unsigned long)main & ~4095ul), 4096, PROT_READ | PROT_WRITE) != 0);
	return 0;
}
