/* The descriptor table: fd -> open file, plus FD_CLOEXEC, bounded by RLIMIT_NOFILE. */
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
static int cap;
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
	if (!t)
		return -ENOMEM;
	if (cap)
		memcpy(t, tab, (size_t)cap * sizeof *t);
	uni_kfree(tab, (size_t)cap * sizeof *t);
	tab = t;
	cap = n;
	return 0;
}

int uni_fd_install(struct uni_file *f, int min, int cloexec)
{
	for (uint64_t fd = (uint64_t)min; fd < limit_cur; fd++) {
		if (fd < (uint64_t)cap && tab[fd].f)
			continue;
		if (grow((int)fd + 1))
			return -ENOMEM;
		tab[fd] = (struct fdent){ f, cloexec };
		return (int)fd;
	}
	return -EMFILE;
}

int uni_fd_install_at(struct uni_file *f, int fd, int cloexec)
{
	if (fd < 0 || (uint64_t)fd >= limit_cur)
		return -EBADF;
	if (grow(fd + 1))
		return -ENOMEM;
	struct uni_file *old = tab[fd].f;
	tab[fd] = (struct fdent){ f, cloexec };
	if (old)
		uni_file_put(old);
	return fd;
}

int uni_fd_available(void)
{
	for (uint64_t fd = 0; fd < limit_cur; fd++)
		if (fd >= (uint64_t)cap || !tab[fd].f)
			return 1;
	return 0;
}

int uni_fd_close(int fd)
{
	struct uni_file *f = uni_fd_get(fd);
	if (!f)
		return -EBADF;
	tab[fd].f = NULL;
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
