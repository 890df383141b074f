/* output.c: the linked image mapped writable, for the steps that finish it in place (pie.c,
 * sum.c). */
#include "ld.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

unsigned char *output_map(const char *path, const char *step, size_t *size)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0)
		uni_die("%s: cannot open the image %s: %s (fix: make the output writable)", step, path, strerror(errno));
	unsigned char *d = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (d == MAP_FAILED)
		uni_die("%s: cannot map the image %s: %s (fix: write the output to an ordinary file)",
			step, path, strerror(errno));
	*size = (size_t)st.st_size;
	return d;
}
