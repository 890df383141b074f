/* passt.c: the user-mode network of a NIC (VM or process platform): passt on one end of a
 * socket pair, with the -p forwards (bound before the guest starts) and the addresses QEMU's
 * user network would give; stopped with uni-run. */
#include "run.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t pids[NET_MAX_NICS];
static int n_pids;

int passt_available(void)
{
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path; *p;) {
		size_t len = strcspn(p, ":");
		if (len && access(uni_strf("%.*s/passt", (int)len, p), X_OK) == 0)
			return 1;
		p += len + (p[len] == ':');
	}
	return 0;
}

/* passt's spec of a -p forward: [ADDR/]HOSTPORT:GUESTPORT. */
static char *passt_spec(const struct forward *f)
{
	if (f->host_ip)
		return uni_strf("%s/%d:%d", ipv4_str(f->host_ip), f->host_port, f->guest_port);
	return uni_strf("%d:%d", f->host_port, f->guest_port);
}

/*
 * The guest's view is QEMU's user network's (docs/NETWORKING.md): DHCP gives 10.0.2.15/24 and
 * the gateway 10.0.2.2, which also stands for the host's loopback (passt maps the gateway to
 * the host unless --no-map-gw); a static --ip on the first NIC moves all of it as net_plan
 * decided. The network's .3 is forwarded to the host's DNS resolver as QEMU's DNS server is.
 */
static void addresses(struct strv *a, const struct net_opts *n, int nic)
{
	uint32_t ip = 0x0a00020f, gw = 0x0a000202, dns = 0x0a000203; /* 10.0.2.15, .2, .3 */
	int prefix = 24;
	if (nic == 0 && n->prefix) {
		ip = n->ip;
		gw = n->gw;
		prefix = n->prefix;
		dns = (ip & (~0u << (32 - prefix))) + 3;
	}
	strv_pushf(a, "--address=%s", ipv4_str(ip));
	strv_pushf(a, "--netmask=%d", prefix);
	strv_pushf(a, "--gateway=%s", ipv4_str(gw));
	strv_pushf(a, "--dns-forward=%s", ipv4_str(dns));
}

/* Whether /proc/net/FILE lists a socket bound to ip:port in state st (the kernel prints the
 * address as the hex of its in-memory, network-order word; the port as a number). */
static int bound(const char *file, uint32_t ip, int port, int st)
{
	FILE *f = fopen(uni_strf("/proc/net/%s", file), "r");
	if (!f)
		return 1;   /* nothing to wait on: go ahead */
	char line[512];
	unsigned a, p, s;
	int found = 0;
	while (!found && fgets(line, sizeof line, f))
		if (sscanf(line, " %*d: %x:%x %*x:%*x %x", &a, &p, &s) == 3)
			found = ntohl(a) == ip && (int)p == port && (int)s == st;
	fclose(f);
	return found;
}

/*
 * passt binds the forwarded ports after it starts; a guest that comes up first (the process
 * platform's does at once) would have its clients refused. So wait, up to 10 s, until every
 * forward is bound (TCP listening, 0x0A; UDP bound, 0x07), and fail if passt exits meanwhile.
 */
static void wait_bound(const struct net_opts *n, pid_t pid)
{
	for (int tries = 0; tries < 2000; tries++) {
		int all = 1;
		for (int i = 0; all && i < n->n_fwd; i++) {
			int udp = strcmp(n->fwd[i].proto, "udp") == 0;
			all = bound(udp ? "udp" : "tcp", n->fwd[i].host_ip, n->fwd[i].host_port, udp ? 0x07 : 0x0a);
		}
		if (all)
			return;
		int status;
		if (waitpid(pid, &status, WNOHANG) == pid)
			uni_die("-p: passt exited (status %d) before binding the -p ports (fix: run with "
				"--verbose to see its messages)", uni_exit_code(status));
		usleep(5000);
	}
	uni_die("-p: passt did not bind the -p ports within 10 s (fix: run with --verbose to see its "
		"messages)");
}

/* In passt's process: its end of the socket pair survives exec. */
static int keep_fd(void *ctx)
{
	return fcntl(*(int *)ctx, F_SETFD, 0);
}

int passt_start(const struct run_opts *o, int nic, const char *instead)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		uni_die("--net user: socketpair for passt: %s (fix: close files or raise ulimit -n)",
			strerror(errno));
	/* Room for bursts both ways (a full buffer makes the guest wait, then drop a frame). */
	int size = 4 << 20;
	for (int i = 0; i < 2; i++) {
		setsockopt(sv[i], SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
		setsockopt(sv[i], SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	}
	struct strv a = { 0 };
	strv_push(&a, "passt");
	/* Foreground, IPv4, Ethernet MTU, and gone once the guest's side closes its end. */
	strv_push(&a, "--foreground");
	strv_push(&a, "--one-off");
	strv_push(&a, "--ipv4-only");
	strv_pushf(&a, "--mtu=%d", 1500);
	strv_pushf(&a, "--fd=%d", sv[1]);
	if (!o->verbose)
		strv_push(&a, "--quiet");
	addresses(&a, &o->net, nic);
	for (int i = 0; nic == o->net.fwd_nic && i < o->net.n_fwd; i++) {
		const struct forward *f = &o->net.fwd[i];
		strv_push(&a, strcmp(f->proto, "udp") == 0 ? "--udp-ports" : "--tcp-ports");
		strv_push(&a, passt_spec(f));
	}
	if (o->verbose)
		print_argv(a.v);
	struct uni_spawn sp = { .argv = a.v, .quiet = !o->verbose, .own_group = 1,
				.setup = keep_fd, .ctx = &sv[1] };
	/* Quiet: without a system logger passt complains on stderr. */
	int e = uni_spawn(&sp);
	if (e)
		uni_die("--net user: cannot run passt for the user-mode network: %s (fix: install Debian's "
			"passt package (./build.sh does), or %s)", strerror(e), instead);
	pid_t pid = sp.pid;
	close(sv[1]);
	pids[n_pids++] = pid;
	if (nic == o->net.fwd_nic)
		wait_bound(&o->net, pid);
	return sv[0];
}

void passt_stop(void)
{
	for (int i = 0; i < n_pids; i++) {
		kill(pids[i], SIGTERM);
		uni_reap(pids[i]);
	}
	n_pids = 0;
}
