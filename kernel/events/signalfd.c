/* signalfd: a descriptor that reads the process's pending signals of its mask as
 * signalfd_siginfo records (taking them, so their handlers do not run), readable while one
 * is pending. The program blocks those signals, as on Linux, or they are delivered first. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/signalfd.h>
#include "uni/events.h"
#include "uni/kmem.h"
#include "uni/signal.h"

struct sfd {
	uint64_t mask;
};

#define UNCATCHABLE ((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)))

static int readable(void *arg)
{
	return uni_signal_pending_in(((struct sfd *)arg)->mask);
}

static ssize_t sfd_read(struct uni_file *f, void *buf, size_t len, uint64_t *pos)
{
	(void)pos;
	struct sfd *s = f->priv;
	struct signalfd_siginfo *out = buf;
	size_t n = 0;
	if (len < sizeof *out)
		return -EINVAL;
	if (!readable(s)) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int r = uni_wait(&uni_signal_wq, readable, s, 0);
		if (r)
			return r;
	}
	int sig, code;
	union sigval value;
	while (n < len / sizeof *out && (sig = uni_signal_take(s->mask, &code, &value))) {
		memset(&out[n], 0, sizeof *out);
		out[n].ssi_signo = (uint32_t)sig;
		out[n].ssi_code = code;
		out[n].ssi_pid = 1;
		out[n].ssi_int = value.sival_int;
		out[n].ssi_ptr = (uint64_t)value.sival_ptr;
		n++;
	}
	return (ssize_t)(n * sizeof *out);
}

static unsigned sfd_poll(struct uni_file *f)
{
	return readable(f->priv) ? POLLIN | POLLRDNORM : 0;
}

static const struct uni_file_ops sfd_ops = {
	.read = sfd_read, .poll = sfd_poll, .release = uni_anon_release,
};

long sys_signalfd4(long fd, long mask, long size, long flags, long e, long f)
{
	(void)e, (void)f;
	if (size != 8 || (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK)))
		return -EINVAL;
	uint64_t m = *(const uint64_t *)mask & ~UNCATCHABLE;
	if (fd != -1) {
		struct uni_file *file = uni_fd_get((int)fd);
		if (!file)
			return -EBADF;
		if (file->ops != &sfd_ops)
			return -EINVAL;
		((struct sfd *)file->priv)->mask = m;
		uni_wake(&uni_signal_wq);   /* readiness may have changed */
		return fd;
	}
	struct sfd *s = uni_kalloc(sizeof *s);
	if (!s)
		return -ENOMEM;
	s->mask = m;
	int r = uni_anon_file(&sfd_ops, s, sizeof *s, (flags & SFD_NONBLOCK) ? O_NONBLOCK : 0, !!(flags & SFD_CLOEXEC));
	if (r >= 0)
		uni_fd_get(r)->wq = &uni_signal_wq;   /* poll and epoll wait where signals are announced */
	return r;
}

long sys_signalfd(long fd, long mask, long size, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	return sys_signalfd4(fd, mask, size, 0, 0, 0);
}
