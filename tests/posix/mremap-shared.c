/* mremap-shared.c: growing a MAP_SHARED file mapping with mremap, as SQLite grows its database's
 * mapping (PRAGMA mmap_size) after the file grew by pwrite: in place, and moved (MREMAP_MAYMOVE)
 * when a page after it is taken; the grown mapping still sees pwrite, and its stores reach the
 * file. Run in the starting tree. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

#define PG 4096

/* Prints the bytes at offsets 0, PG+1 and 3*PG+2 of the file, read and through the map m. */
static void show(const char *what, int fd, const unsigned char *m)
{
	char r[3];
	pread(fd, r, 1, 0);
	pread(fd, r + 1, 1, PG + 1);
	pread(fd, r + 2, 1, 3 * PG + 2);
	printf("%s: file %c%c%c, map %c%c%c\n", what, r[0], r[1], r[2], m[0], m[PG + 1], m[3 * PG + 2]);
}

/* One round: map one page read-only, grow the file, grow the mapping, write both ways. */
static void grow(const char *name, int take_next_page)
{
	int fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0644);
	pwrite(fd, "a", 1, 0);
	ftruncate(fd, PG);
	unsigned char *m = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	printf("%s: map: %s\n", name, m == MAP_FAILED ? errname(errno) : "ok");
	if (take_next_page) {
		void *next = mmap(m + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		/* EEXIST: something is there already (Linux maps top-down). */
		printf("%s: page after it taken: %d\n", name, next == m + PG || errno == EEXIST);
	}
	pwrite(fd, "b", 1, PG + 1);
	pwrite(fd, "c", 1, 3 * PG + 2);
	unsigned char *g = mremap(m, PG, 4 * PG, MREMAP_MAYMOVE);
	printf("%s: mremap: %s\n", name, g == MAP_FAILED ? errname(errno) : "ok");
	if (g == MAP_FAILED)
		return;
	show(name, fd, g);
	pwrite(fd, "B", 1, PG + 1);
	show(name, fd, g);
	/* SQLite unmaps the pages past the database's new size, then grows what is left. */
	CHECK("munmap the tail", munmap(g + 2 * PG, 2 * PG));
	g = mremap(g, 2 * PG, 4 * PG, MREMAP_MAYMOVE);
	printf("%s: mremap after the tail went: %s\n", name, g == MAP_FAILED ? errname(errno) : "ok");
	if (g == MAP_FAILED)
		return;
	show(name, fd, g);
	munmap(g, 4 * PG);
	unsigned char *w = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	w[3 * PG + 2] = 'C';
	CHECK("msync", msync(w, 4 * PG, MS_SYNC));
	show(name, fd, w);
	CHECK("munmap", munmap(w, 4 * PG));
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc < 2 || chdir(argv[1])) {
		printf("usage: mremap-shared DIR\n");
		return 2;
	}
	grow("in-place.db", 0);
	grow("moved.db", 1);
	return 0;
}
