/* volserve.c: the process platform's persistent volumes: a child of uni-run serves 9P2000.L
 * (uni/abi.h, UNI_ENV_VOL_FD) on a socket pair whose other end the image inherits. The image
 * is untrusted: every name is one component, resolved with openat2 beneath a directory of the
 * volume and through no symlink, so no request reaches outside the volume's host directory. */
#include "run.h"
#include "volserve.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "uni/abi.h"

static pid_t server_pid = -1;
static int image_end = -1;

struct fid *fid_find(struct volserve *s, uint32_t n)
{
	for (size_t i = 0; i < VOLSERVE_MAX_FIDS; i++)
		if (s->fids[i].used && s->fids[i].num == n)
			return &s->fids[i];
	return NULL;
}

int fid_room(struct volserve *s, uint32_t n, struct fid **f)
{
	if (fid_find(s, n))
		return EEXIST;
	for (size_t i = 0; i < VOLSERVE_MAX_FIDS; i++)
		if (!s->fids[i].used) {
			*f = &s->fids[i];
			**f = (struct fid){ .num = n, .dir = -1, .fd = -1 };
			return 0;
		}
	return EMFILE;
}

void fid_release(struct fid *f)
{
	if (f->dir >= 0)
		close(f->dir);
	if (f->fd >= 0)
		close(f->fd);
	free(f->name);
	*f = (struct fid){ .dir = -1, .fd = -1 };
}

int name_check(const char *name, size_t len)
{
	if (len > 255)
		return ENAMETOOLONG;
	if (len == 0 || strlen(name) != len || strchr(name, '/') || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return EINVAL;
	return 0;
}

int open_beneath(int dir, const char *name, int flags, mode_t mode)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_NOFOLLOW | O_CLOEXEC),
		.mode = flags & O_CREAT ? mode : 0,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, dir, name, &how, sizeof how);
	return fd < 0 ? -errno : (int)fd;
}

int fid_path_fd(const struct fid *f, int flags)
{
	return open_beneath(f->dir, f->name, O_PATH | flags, 0);
}

/* Reads exactly n bytes; 0 at the end of the stream or on an error. */
static int read_full(int fd, unsigned char *p, size_t n)
{
	while (n) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		p += r;
		n -= (size_t)r;
	}
	return 1;
}

static const struct {
	uint8_t type;
	int (*op)(struct volserve *s);
} ops[] = {
	{ P9_TVERSION, op_version }, { P9_TATTACH, op_attach }, { P9_TWALK, op_walk },
	{ P9_TLOPEN, op_lopen }, { P9_TLCREATE, op_lcreate }, { P9_TREAD, op_read },
	{ P9_TWRITE, op_write }, { P9_TCLUNK, op_clunk }, { P9_TFSYNC, op_fsync },
	{ P9_TSETATTR, op_setattr }, { P9_TUNLINKAT, op_unlinkat }, { P9_TRENAMEAT, op_renameat },
	{ P9_TMKDIR, op_mkdir }, { P9_TSYMLINK, op_symlink }, { P9_TLINK, op_link },
	{ P9_TGETATTR, op_getattr },
};

/* Answers the request in s->in (after its header) into s->out: its reply, or Rlerror. */
static void answer(struct volserve *s, uint8_t type)
{
	int err = EOPNOTSUPP;
	reply_start(&s->out, (uint8_t)(type + 1));
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
		if (ops[i].type == type)
			err = ops[i].op(s);
	if (!err && s->out.len > s->out.cap)
		err = EMSGSIZE;
	if (err) {
		reply_start(&s->out, P9_RLERROR);
		put32(&s->out, (uint32_t)err);
	}
}

/* Serves requests one by one until the stream ends (the image ended or was killed), a
 * message is malformed beyond answering (a size outside P9_HDR..msize) or a reply cannot be
 * sent. Every change was made by a system call when its reply goes out. */
static void serve(struct volserve *s)
{
	static unsigned char req[UNI_VOL_MSIZE], rep[UNI_VOL_MSIZE];
	static char strs[UNI_VOL_MSIZE];
	for (;;) {
		if (!read_full(s->sock, req, 4))
			return;
		uint32_t size = req[0] | req[1] << 8 | req[2] << 16 | (uint32_t)req[3] << 24;
		if (size < P9_HDR || size > s->msize) {
			fprintf(stderr, "uni-run: volumes: the image sent a 9P message of %u bytes, outside "
				"%d..%u; the volumes are no longer served (fix: a runtime of this uni "
				"speaks 9P2000.L within the msize it agreed)\n", size, P9_HDR, s->msize);
			return;
		}
		if (!read_full(s->sock, req + 4, size - 4))
			return;
		s->in = (struct wire_in){ .p = req + 4, .end = req + size, .strs = strs };
		uint8_t type = get8(&s->in);
		uint16_t tag = get16(&s->in);
		s->out = (struct wire_out){ .buf = rep, .cap = s->msize };
		answer(s, type);
		size_t n = s->out.len;
		for (int i = 0; i < 4; i++)
			rep[i] = (unsigned char)(n >> (8 * i));
		rep[5] = (unsigned char)tag;
		rep[6] = (unsigned char)(tag >> 8);
		if (write_full(s->sock, rep, n) < 0)
			return;
	}
}

/* In the server child: alone with its socket (at fd 3) and stderr, out of the terminal's
 * process group (^C is the image's), and with the volumes' roots opened. Never returns. */
static void server_main(const struct run_opts *o, const struct image *im, int sock)
{
	setpgid(0, 0);
	signal(SIGPIPE, SIG_IGN);
	int null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(sock, 3) < 0 ||
	    close_range(4, ~0u, 0) < 0) {
		fprintf(stderr, "uni-run: volumes: setting up the server's descriptors: %s (fix: check "
			"/dev/null; the kernel needs close_range, Linux 5.9)\n", strerror(errno));
		_exit(1);
	}
	/* The modes the guest gives are the files' (its runtime applied its umask), as QEMU's
	 * security_model=none does for a VM. */
	umask(0);
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	static struct volserve s;
	s.sock = 3;
	s.msize = UNI_VOL_MSIZE;
	s.n_roots = o->volumes.n;
	s.roots = calloc(s.n_roots, sizeof *s.roots);
	for (size_t i = 0; s.roots && i < s.n_roots; i++)
		s.roots[i] = volume_served(o, im, i)
				     ? open(o->volumes.v[i].host, O_PATH | O_DIRECTORY | O_CLOEXEC)
				     : -1;
	for (size_t i = 0; i < VOLSERVE_MAX_FIDS; i++)
		s.fids[i] = (struct fid){ .dir = -1, .fd = -1 };
	if (s.roots)
		serve(&s);
	_exit(0);
}

int volserve_start(const struct run_opts *o, const struct image *im)
{
	if (!volumes_served(o, im))
		return -1;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		uni_die("-v: socketpair for the volume server: %s (fix: close files or raise ulimit -n)",
			strerror(errno));
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		uni_die("-v: cannot fork the volume server: %s (fix: raise the process limit, ulimit "
			"-u)", strerror(errno));
	if (pid == 0)
		server_main(o, im, sv[1]);
	close(sv[1]);
	fcntl(sv[0], F_SETFD, 0);   /* the image inherits it */
	server_pid = pid;
	image_end = sv[0];
	return sv[0];
}

void volserve_stop(void)
{
	if (server_pid < 0)
		return;
	close(image_end);
	uni_reap(server_pid);
	server_pid = -1;
}
