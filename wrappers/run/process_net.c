/* process_net.c: the network of a process-platform image: its first NIC as a host fd — a
 * stream socket to passt (user-mode networking with -p forwards, what Podman uses), or a tap
 * device — handed over as uni/abi.h's UNI_RUN_NET_FD. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "uni/abi.h"

static pid_t passt_pid;

/* passt's spec of a -p forward: [ADDR/]HOSTPORT:GUESTPORT. */
static char *passt_spec(const struct forward *f)
{
	if (f->host_ip)
		return uni_strf("%s/%d:%d", ipv4_str(f->host_ip), f->host_port, f->guest_port);
	return uni_strf("%d:%d", f->host_port, f->guest_port);
}

static int start_passt(const struct run_opts *o)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		run_fail("socketpair for passt: %s", strerror(errno));
	/* Room for bursts both ways (a full buffer makes the image wait, then drop a frame). */
	int size = 4 << 20;
	for (int i = 0; i < 2; i++) {
		setsockopt(sv[i], SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
		setsockopt(sv[i], SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	}
	struct strv a = { 0 };
	strv_push(&a, "passt");
	/* Foreground, IPv4, Ethernet MTU, and gone once the image closes its end. */
	strv_push(&a, "--foreground");
	strv_push(&a, "--one-off");
	strv_push(&a, "--ipv4-only");
	strv_pushf(&a, "--mtu=%d", 1500);
	strv_pushf(&a, "--fd=%d", sv[1]);
	if (!o->verbose)
		strv_push(&a, "--quiet");
	for (int i = 0; i < o->net.n_fwd; i++) {
		const struct forward *f = &o->net.fwd[i];
		strv_push(&a, strcmp(f->proto, "udp") == 0 ? "--udp-ports" : "--tcp-ports");
		strv_push(&a, passt_spec(f));
	}
	if (o->verbose)
		print_argv(a.v);
	int ready[2];
	if (pipe2(ready, O_CLOEXEC) < 0)
		run_fail("pipe: %s", strerror(errno));
	passt_pid = fork();
	if (passt_pid < 0)
		run_fail("fork: %s", strerror(errno));
	if (passt_pid == 0) {
		fcntl(sv[1], F_SETFD, 0);
		if (!o->verbose) {
			int null = open("/dev/null", O_WRONLY);
			dup2(null, 2);   /* without a system logger passt complains on stderr */
		}
		execvp("passt", a.v);
		int e = errno;
		if (write(ready[1], &e, sizeof e) < 0)
			_exit(127);
		_exit(127);
	}
	close(ready[1]);
	int e;
	if (read(ready[0], &e, sizeof e) == sizeof e)
		run_fail("cannot run passt for the user-mode network (%s): install Debian's passt package "
			 "(./build.sh does), or use --accel kvm|tcg", strerror(e));
	close(ready[0]);
	close(sv[1]);
	return sv[0];
}

static int open_tap(const struct nic *n)
{
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		run_fail("--net tap:%s: /dev/net/tun: %s (needs root or CAP_NET_ADMIN)", n->ifname, strerror(errno));
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", n->ifname);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		run_fail("--net tap:%s: cannot attach to the tap device: %s", n->ifname, strerror(errno));
	return fd;
}

void process_net_start(const struct run_opts *o, struct strv *env)
{
	if (!o->net.n_nics)
		return;
	const struct nic *n = &o->net.nics[0];
	int user = n->kind == NIC_USER;
	int fd = user ? start_passt(o) : open_tap(n);
	fcntl(fd, F_SETFD, 0);   /* the image inherits it */
	strv_pushf(env, "%s=%d", UNI_ENV_NET_FD, fd);
	strv_pushf(env, "%s=%s", UNI_ENV_NET_MODE, user ? UNI_NET_MODE_STREAM : UNI_NET_MODE_TAP);
	if (user)
		net_print_forwards(&o->net);
}

void process_net_stop(void)
{
	if (passt_pid > 0) {
		kill(passt_pid, SIGTERM);
		waitpid(passt_pid, NULL, 0);
	}
}
