/* The descriptor table: fd -> open file, plus FD_CLOEXEC, bounded by RLIMIT_NOFILE. The
 * lowest free descriptor (POSIX's rule) is found from a hint below which every descriptor is
 * in use, through a bitmap of the used ones: 64 at a time. */
#include <errno.h>
#include <string.h>
#include "uni/fs.h"
#include "uni/kmem.h"

#define NR_OPEN 1048576   /* the most RLIMIT_NOFILE may be raised to, as Linux's fs.nr_open */

struct fdent {
	struct uni_file *f;
	int cloexec;
};

static struct fdent *tab;
static uint64_t *used;   /* bit fd: tab[fd].f is set; cap / 64 words */
static int cap, low;     /* every fd below 'low' is in use */
static uint64_t limit_cur = UNI_NOFILE_DEFAULT, limit_max = 4096;

struct uni_inode *uni_cwd;
mode_t uni_umask = 022;

struct uni_file *uni_fd_get(int fd)
{
	return fd >= 0 && fd < cap ? tab[fd].f : NULL;
}

static int grow(int want)
{
	if (want <= cap)
		return 0;
	int n = cap ? cap : 64;
	while (n < want)
		n *= 2;
	struct fdent *t = uni_kalloc((size_t)n * sizeof *t);
	uint64_t *u = uni_kalloc((size_t)n / 8);
	if (!t || !u) {
		if (t)
			uni_kfree(t, (size_t)n * sizeof *t);
		return -ENOMEM;
	}
	if (cap) {
		memcpy(t, tab, (size_t)cap * sizeof *t);
		memcpy(u, used, (size_t)cap / 8);
	}
	uni_kfree(tab, (size_t)cap * sizeof *t);
	uni_kfree(used, (size_t)cap / 8);
	tab = t;
	used = u;
	cap = n;
	return 0;
}

static void set(int fd, struct uni_file *f, int cloexec)
{
	tab[fd] = (struct fdent){ f, cloexec };
	if (f)
		used[fd / 64] |= 1ull << (fd % 64);
	else
		used[fd / 64] &= ~(1ull << (fd % 64));
	if (!f && fd < low)
		low = fd;
}

/* The lowest free fd >= min, which may be cap (past the table). */
static int lowest_free(int min)
{
	int fd = min > low ? min : low;
	for (int w = fd / 64; w < cap / 64; w++) {
		uint64_t free_bits = ~used[w] & (w == fd / 64 ? ~0ull << (fd % 64) : ~0ull);
		if (free_bits)
			return w * 64 + __builtin_ctzll(free_bits);
	}
	return fd > cap ? fd : cap;
}

int uni_fd_install(struct uni_file *f, int min, int cloexec)
{
	int fd = lowest_free(min);
	int r = (uint64_t)fd >= limit_cur ? -EMFILE : grow(fd + 1);
	if (r) {
		uni_file_put(f);
		return r;
	}
	set(fd, f, cloexec);
	if (fd == low)
		low = fd + 1;
	return fd;
}

int uni_fd_install_at(struct uni_file *f, int fd, int cloexec)
{
	int r = fd < 0 || (uint64_t)fd >= limit_cur ? -EBADF : grow(fd + 1);
	if (r) {
		uni_file_put(f);
		return r;
	}
	struct uni_file *old = tab[fd].f;
	set(fd, f, cloexec);
	if (old)
		uni_file_put(old);
	return fd;
}

int uni_fd_available(void)
{
	return (uint64_t)lowest_free(0) < limit_cur;
}

int uni_fd_close(int fd)
{
	struct uni_file *f = uni_fd_get(fd);
	if (!f)
		return -EBADF;
	set(fd, NULL, 0);
	uni_file_put(f);
	return 0;
}

int uni_fd_cloexec(int fd)
{
	return tab[fd].cloexec;
}

void uni_fd_set_cloexec(int fd, int on)
{
	tab[fd].cloexec = on;
}

uint64_t uni_fd_limit(void)
{
	return limit_cur;
}

uint64_t uni_fd_limit_max(void)
{
	return limit_max;
}

int uni_fd_set_limit(uint64_t cur, uint64_t max)
{
	if (cur > max)
		return -EINVAL;
	if (max > NR_OPEN)
		return -EPERM;
	limit_cur = cur;
	limit_max = max;
	return 0;
}
