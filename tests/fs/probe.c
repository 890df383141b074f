/* probe.c: prints what each path argument is in the guest: a symlink (and its target), a
 * directory, a file (and its first line), or the error; "sum:PATH" prints PATH's size and
 * FNV-1a hash (built for the host too, to compare); "fill" writes a file until memory runs
 * out and shows that the program keeps running. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void fill(void)
{
	static char chunk[1 << 20];
	memset(chunk, 'x', sizeof chunk);
	int fd = open("/tmp/big", O_CREAT | O_WRONLY, 0644);
	long total = 0;
	ssize_t n;
	while ((n = write(fd, chunk, sizeof chunk)) > 0)
		total += n;
	printf("fill: stopped with %s after %ld MiB\n", n < 0 ? strerror(errno) : "a short write", total >> 20);
	close(fd);
	printf("unlink: %d\n", unlink("/tmp/big"));
	fd = open("/tmp/small", O_CREAT | O_RDWR, 0644);
	printf("write after: %zd\n", write(fd, "still running", 13));
	char *p = malloc(1 << 20);
	printf("malloc after: %s\n", p ? "ok" : "failed");
}

static void sum(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("%s: %s\n", path, strerror(errno));
		return;
	}
	unsigned long long h = 14695981039346656037ull, n = 0;
	for (int c; (c = getc(f)) != EOF; n++)
		h = (h ^ (unsigned char)c) * 1099511628211ull;
	fclose(f);
	printf("%s: %llu bytes, fnv1a %016llx\n", path, n, h);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *p = argv[i];
		struct stat st;
		char buf[256];
		if (!strcmp(p, "fill")) {
			fill();
		} else if (!strncmp(p, "sum:", 4)) {
			sum(p + 4);
		} else if (lstat(p, &st)) {
			printf("%s: %s\n", p, strerror(errno));
		} else if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlink(p, buf, sizeof buf - 1);
			buf[n > 0 ? n : 0] = 0;
			printf("%s: symlink -> %s\n", p, buf);
		} else if (S_ISDIR(st.st_mode)) {
			printf("%s: directory %o\n", p, (unsigned)(st.st_mode & 07777));
		} else {
			FILE *f = fopen(p, "r");
			if (!f || !fgets(buf, sizeof buf, f))
				strcpy(buf, "(empty)\n");
			printf("%s: file %o %ld bytes: %s", p, (unsigned)(st.st_mode & 07777), (long)st.st_size, buf);
			if (f)
				fclose(f);
		}
	}
	return 0;
}
