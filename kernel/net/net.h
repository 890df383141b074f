/* The network layer's internals: lwIP (raw API, NO_SYS) under one lock, the sockets built on
 * it, and the network thread that feeds received frames and runs lwIP's timers. */
#ifndef UNI_NET_NET_H
#define UNI_NET_NET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include "uni/fs.h"
#include "uni/wait.h"

struct pbuf;
struct tcp_pcb;
struct udp_pcb;

/* lwIP is not re-entrant: every call into it holds this lock (the runtime is not preemptible
 * while it is held). Blocking waits release nothing: uni_wait switches threads, and the lock
 * is the preemption depth, which each thread keeps for itself. */
void uni_net_lock(void);
void uni_net_unlock(void);
/* Runs what loopback output queued (127.0.0.1 and the guest's own address) and wakes the
 * network thread; socket calls end with it. */
void uni_net_flush(void);

/* A queued datagram (UDP, AF_UNIX datagrams) with its sender. */
struct dgram {
	struct dgram *next;
	struct sockaddr_storage from;
	socklen_t fromlen;
	size_t len;
	unsigned char data[];
};

/* One received pbuf chain (lwIP chains hold at most 64 KiB; a window holds more). */
struct rxnode {
	struct rxnode *next;
	struct pbuf *p;
};

struct sock;
struct sock_ops {
	int (*bind)(struct sock *s, const struct sockaddr *a, socklen_t len);
	int (*listen)(struct sock *s, int backlog);
	/* A new connected socket, or -errno; blocks unless nonblock. */
	int (*accept)(struct sock *s, struct sock **out, int nonblock);
	int (*connect)(struct sock *s, const struct sockaddr *a, socklen_t len, int nonblock);
	/* send and recv block unless nonblock (the descriptor's O_NONBLOCK, or the call's MSG_DONTWAIT). */
	ssize_t (*send)(struct sock *s, const struct iovec *iov, int iovcnt, int flags, const struct sockaddr *to, socklen_t tolen, int nonblock);
	ssize_t (*recv)(struct sock *s, const struct iovec *iov, int iovcnt, int flags, struct sockaddr *from, socklen_t *fromlen, int nonblock);
	int (*shutdown)(struct sock *s, int how);
	int (*name)(struct sock *s, struct sockaddr *a, socklen_t *len, int peer);
	unsigned (*poll)(struct sock *s);
	size_t (*nread)(struct sock *s);           /* FIONREAD */
	int (*setopt)(struct sock *s, int level, int name, const void *v, socklen_t len);   /* -ENOPROTOOPT: generic */
	int (*getopt)(struct sock *s, int level, int name, void *v, socklen_t *len);
	void (*close)(struct sock *s);
};

struct sock {
	const struct sock_ops *ops;
	int domain, type, protocol;
	struct uni_waitq wq;                       /* every change of readiness wakes it */
	int error;                                 /* pending (SO_ERROR), positive errno */
	int shut_rd, shut_wr;
	int reuseaddr, reuseport, keepalive, nodelay, acceptconn;
	int cork;                                  /* TCP_CORK (net/tcp_cork.c) */
	uint64_t cork_since;                       /* when a corked send first held data back */
	int defer_accept;                          /* TCP_DEFER_ACCEPT, seconds as Linux reports them */
	int rcvbuf, sndbuf;
	uint64_t rcvtimeo, sndtimeo;               /* ns; 0 = none */
	struct linger linger;
	/* TCP */
	struct tcp_pcb *tcp;
	struct rxnode *rx, **rx_tail;              /* received chains, not yet read */
	size_t rx_bytes, rx_off;                   /* unread bytes; offset into the first chain */
	int rx_eof;
	int connecting, connected;
	struct sock *accq, **accq_tail;            /* established, not yet accepted */
	int accq_len, backlog;
	struct sock *accq_next;
	struct sock *listener;                     /* while queued on one */
	/* UDP and AF_UNIX datagrams */
	struct udp_pcb *udp;
	struct dgram *dq, **dq_tail;
	size_t dq_bytes;
	/* AF_UNIX */
	struct sock *peer;                         /* the other end while both are open */
	char *path;                                /* bound name (listeners), uni_kalloc'ed */
	size_t path_len;
};

struct sock *uni_sock_new(int domain, int type, int protocol, const struct sock_ops *ops);
void uni_sock_free(struct sock *s);
/* Queues s, a new connection, on listener l's accept queue and wakes l's waiters. */
void uni_sock_accq_push(struct sock *l, struct sock *s);
/* Takes the oldest connection off listener l's accept queue, which is not empty. */
struct sock *uni_sock_accq_pop(struct sock *l);
/* A descriptor for s (which it then owns), or -errno (s freed). */
int uni_sock_install(struct sock *s, int flags);
/* The socket behind fd: 0 with *out set, -EBADF or -ENOTSOCK. */
int uni_sock_get(int fd, struct sock **out);
/* Waits for cond(s) on the socket's queue, with timeout 'timeo' ns (0 = none); returns 0,
 * -EAGAIN (timeout, as SO_RCVTIMEO gives) or -EINTR. */
int uni_sock_wait(struct sock *s, int (*cond)(void *), uint64_t timeo);
/* The wait of a call that cannot go on yet: -EAGAIN at once when nonblock, else uni_sock_wait. */
int uni_sock_block(struct sock *s, int nonblock, int (*cond)(void *), uint64_t timeo);
void uni_sock_wake(struct sock *s);
/* A write to a closed connection: SIGPIPE (unless MSG_NOSIGNAL), then -EPIPE, as on Linux. */
int uni_sock_epipe(int flags);

int uni_tcp_socket(struct sock **out);
/* TCP_CORK (net/tcp_cork.c): whether a corked send keeps its partial segment back (and when it
 * began to); pushing out what is queued, Nagle or not (uncorking). */
int uni_tcp_cork_holds(struct sock *s);
void uni_tcp_push(struct sock *s);
/* TCP's setopt and getopt (net/tcp_opts.c). */
int uni_tcp_setopt(struct sock *s, int level, int name, const void *v, socklen_t len);
int uni_tcp_getopt(struct sock *s, int level, int name, void *v, socklen_t *len);
int uni_udp_socket(struct sock **out);
int uni_unix_socket(int type, struct sock **out);
int uni_unix_pair(int type, struct sock **a, struct sock **b);

/* Copies between an iovec and a buffer / a pbuf chain. */
size_t uni_iov_len(const struct iovec *iov, int n);
size_t uni_iov_from(void *dst, const struct iovec *iov, int n, size_t len);
size_t uni_iov_to(const struct iovec *iov, int n, const void *src, size_t len);

/* Counters kept by the socket layer (the rest come from lwIP and the NICs). */
struct uni_net_counters {
	uint64_t sockets, accepted, refused_backlog, resets, bad_args, udp_dropped, time_wait_reused;
};
extern struct uni_net_counters uni_net_counters;

#endif
