/* Sockets as open files: allocation, the file operations every family shares (read, write,
 * poll, ioctl, close go to the family's ops), blocking with timeouts, the options that are
 * the same for every family, and iovec copies. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include "net/net.h"
#include "uni/events.h"
#include "uni/kmem.h"
#include "uni/runtime.h"

struct uni_net_counters uni_net_counters;

struct sock *uni_sock_new(int domain, int type, int protocol, const struct sock_ops *ops)
{
	struct sock *s = uni_kalloc(sizeof *s);
	if (!s)
		return 0;
	s->ops = ops;
	s->domain = domain;
	s->type = type;
	s->protocol = protocol;
	s->accq_tail = &s->accq;
	s->rx_tail = &s->rx;
	s->dq_tail = &s->dq;
	s->rcvbuf = s->sndbuf = 256 * 1024;
	uni_net_counters.sockets++;
	return s;
}

void uni_sock_free(struct sock *s)
{
	uni_kfree(s, sizeof *s);
}

void uni_sock_accq_push(struct sock *l, struct sock *s)
{
	*l->accq_tail = s;
	l->accq_tail = &s->accq_next;
	l->accq_len++;
	uni_sock_wake(l);
}

struct sock *uni_sock_accq_pop(struct sock *l)
{
	struct sock *n = l->accq;
	l->accq = n->accq_next;
	if (!l->accq)
		l->accq_tail = &l->accq;
	l->accq_len--;
	n->accq_next = 0;
	return n;
}

void uni_sock_wake(struct sock *s)
{
	uni_wake(&s->wq);
}

long __uni_syscall(long n, long a, long b, long c, long d, long e, long f);

int uni_sock_epipe(int flags)
{
	if (!(flags & MSG_NOSIGNAL))
		__uni_syscall(SYS_kill, 1, SIGPIPE, 0, 0, 0, 0);
	return -EPIPE;
}

struct waiter {
	struct sock *s;
	int (*cond)(void *);
};

static int woke(void *arg)
{
	struct waiter *w = arg;
	return w->cond(w->s);
}

int uni_sock_wait(struct sock *s, int (*cond)(void *), uint64_t timeo)
{
	struct waiter w = { s, cond };
	int r = uni_wait(&s->wq, woke, &w, timeo ? uni_clock_ns() + timeo : 0);
	return r == -ETIMEDOUT ? -EAGAIN : r;
}

int uni_sock_block(struct sock *s, int nonblock, int (*cond)(void *), uint64_t timeo)
{
	return nonblock ? -EAGAIN : uni_sock_wait(s, cond, timeo);
}

static ssize_t sock_read(struct uni_file *f, void *buf, size_t len, uint64_t *pos)
{
	(void)pos;
	struct sock *s = f->priv;
	struct iovec iov = { buf, len };
	uni_net_lock();
	ssize_t r = s->ops->recv(s, &iov, 1, 0, 0, 0, !!(f->flags & O_NONBLOCK));
	uni_net_flush();
	uni_net_unlock();
	return r;
}

static ssize_t sock_write(struct uni_file *f, const void *buf, size_t len, uint64_t *pos)
{
	(void)pos;
	struct sock *s = f->priv;
	struct iovec iov = { (void *)buf, len };
	uni_net_lock();
	ssize_t r = s->ops->send(s, &iov, 1, 0, 0, 0, !!(f->flags & O_NONBLOCK));
	uni_net_flush();
	uni_net_unlock();
	return r;
}

static unsigned sock_poll(struct uni_file *f)
{
	struct sock *s = f->priv;
	uni_net_lock();
	unsigned r = s->ops->poll(s);
	uni_net_unlock();
	return r;
}

static long sock_ioctl(struct uni_file *f, unsigned long req, void *arg)
{
	struct sock *s = f->priv;
	if (req != FIONREAD)
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	uni_net_lock();
	size_t n = s->ops->nread(s);
	uni_net_unlock();
	*(int *)arg = n > 0x7fffffff ? 0x7fffffff : (int)n;
	return 0;
}

static void sock_stat(struct uni_file *f, struct stat *st)
{
	uni_inode_stat(f->inode, st);
	st->st_mode = S_IFSOCK | 0777;
	st->st_size = 0;
}

static void sock_release(struct uni_file *f)
{
	struct sock *s = f->priv;
	uni_net_lock();
	s->ops->close(s);   /* frees s, now or once lwIP is done with it */
	uni_net_flush();
	uni_net_unlock();
}

static const struct uni_file_ops sock_file_ops = {
	.read = sock_read, .write = sock_write, .ioctl = sock_ioctl, .poll = sock_poll,
	.stat = sock_stat, .release = sock_release,
};

int uni_sock_install(struct sock *s, int flags)
{
	struct uni_inode *n = uni_inode_new(S_IFSOCK | 0777);
	struct uni_file *f = n ? uni_file_new(n, &sock_file_ops, O_RDWR | (flags & O_NONBLOCK)) : 0;
	if (!f) {
		if (n)
			uni_inode_maybe_free(n);
		s->ops->close(s);
		return -ENOMEM;
	}
	f->priv = s;
	f->wq = &s->wq;
	return uni_fd_install(f, 0, !!(flags & O_CLOEXEC));   /* on failure, f's release closes s */
}

int uni_sock_get(int fd, struct sock **out)
{
	struct uni_file *f = uni_fd_get(fd);
	if (!f)
		return -EBADF;
	if (f->ops != &sock_file_ops)
		return -ENOTSOCK;
	*out = f->priv;
	return 0;
}

size_t uni_iov_len(const struct iovec *iov, int n)
{
	size_t t = 0;
	for (int i = 0; i < n; i++)
		t += iov[i].iov_len;
	return t;
}

size_t uni_iov_from(void *dst, const struct iovec *iov, int n, size_t len)
{
	size_t done = 0;
	for (int i = 0; i < n && done < len; i++) {
		size_t k = iov[i].iov_len < len - done ? iov[i].iov_len : len - done;
		memcpy((char *)dst + done, iov[i].iov_base, k);
		done += k;
	}
	return done;
}

size_t uni_iov_to(const struct iovec *iov, int n, const void *src, size_t len)
{
	size_t done = 0;
	for (int i = 0; i < n && done < len; i++) {
		size_t k = iov[i].iov_len < len - done ? iov[i].iov_len : len - done;
		memcpy(iov[i].iov_base, (const char *)src + done, k);
		done += k;
	}
	return done;
}
