/* net_plan.c: decide an image's NICs and forwards from the options and the image, and refuse
 * what cannot work, all before anything boots. */
#include "run.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The first networking option given, "--net none" included. */
static const char *asked(const struct net_opts *n)
{
	return n->first ? n->first : n->none ? "--net none" : NULL;
}

/*
 * The user network (passt's or QEMU's slirp) for a static --ip on the first NIC: the --ip's
 * network, the gateway (which also reaches the host) at --gw or the network's .2, the DNS
 * server at .3, which stays the guest's DNS unless --dns names others. DHCP offers the --ip,
 * so a guest that asks DHCP anyway gets the same address.
 */
static void user_static(struct net_opts *n)
{
	uint32_t mask = ~0u << (32 - n->prefix), net = n->ip & mask, dns = net + 3;
	const char *ip = ipv4_str(n->ip);
	if (n->prefix > 29)
		uni_die("--ip %s/%d: the user network needs room for the guest, its gateway (.2) "
			"and its DNS server (.3) (fix: use a prefix of 29 or less)", ip, n->prefix);
	if (!n->have_gw) {
		n->gw = net + 2;
		n->have_gw = 1;
	}
	if (n->gw == dns)
		uni_die("--gw %s is where the user network puts its DNS server (the network's .3) "
			"(fix: choose another gateway address)", ipv4_str(n->gw));
	if (n->ip == dns)
		uni_die("--ip %s is where the user network puts its DNS server (the network's .3) "
			"(fix: choose another address)", ip);
	if (!n->n_dns)
		n->dns[n->n_dns++] = dns;
}

/* passt offers the first NIC a known address (QEMU's user network's 10.0.2.15/24, gateway .2,
 * DNS .3; passt.c): the guest gets it as a static configuration at once instead of learning it
 * by DHCP, an exchange that took ~25 ms of the ~30 ms from uni-run to a process image's main. */
void net_passt_static(struct net_opts *n)
{
	if (!n->passt || !n->n_nics || n->nics[0].kind != NIC_USER || n->prefix)
		return;
	n->ip = 0x0a00020f;
	n->prefix = 24;
	user_static(n);
}

static void check_static(struct net_opts *n)
{
	if (!n->prefix) {
		if (n->have_gw)
			uni_die("--gw: needs --ip: with DHCP the gateway comes from the DHCP "
				"server (fix: add --ip A.B.C.D/N, or drop --gw)");
		return;
	}
	if (n->nics[0].kind == NIC_USER)
		user_static(n);
	if (!n->have_gw)
		return;
	uint32_t mask = ~0u << (32 - n->prefix), host = ~mask;
	const char *gw = ipv4_str(n->gw), *ip = ipv4_str(n->ip);
	if ((n->gw & mask) != (n->ip & mask))
		uni_die("--gw %s is not in the network of --ip %s/%d (fix: give a gateway the "
			"guest can reach directly)", gw, ip, n->prefix);
	if (n->gw == n->ip)
		uni_die("--gw %s is the guest's own --ip (fix: give the address of the gateway)", gw);
	if ((n->gw & host) == 0 || (n->gw & host) == host)
		uni_die("--gw %s is the network or broadcast address of %s/%d (fix: give a host "
			"address)", gw,
			 ip, n->prefix);
}

/* Forwards go to the first user-mode NIC; each host port once; ports checked or picked. */
static void plan_forwards(struct net_opts *n)
{
	n->fwd_nic = -1;
	for (int i = 0; i < n->n_nics && n->fwd_nic < 0; i++)
		if (n->nics[i].kind == NIC_USER)
			n->fwd_nic = i;
	if (n->n_fwd && n->fwd_nic < 0)
		uni_die("-p: forwards ports through the user network, but every NIC is a tap (fix: "
			"add --net user, or forward on the host (nft, iptables) to the guest's "
			"address)");
	int fds[n->n_fwd ? n->n_fwd : 1];
	/* Asked-for ports first, so a picked port never takes one asked for later. */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n->n_fwd; i++) {
			struct forward *f = &n->fwd[i];
			if ((f->host_port == 0) != pass)
				continue;
			for (int j = 0; j < i && !pass; j++) {
				const struct forward *g = &n->fwd[j];
				if (g->host_port == f->host_port && strcmp(g->proto, f->proto) == 0 &&
				    (g->host_ip == f->host_ip || !g->host_ip || !f->host_ip))
					uni_die("-p %s and -p %s both use host port %d/%s (fix: "
						"give each its own host port)", g->spec, f->spec, f->host_port, f->proto);
			}
			fds[i] = port_bind(f->host_ip, &f->host_port, f->proto, f->spec);
		}
	for (int i = 0; i < n->n_fwd; i++)
		close(fds[i]);
}

/*
 * Who carries a VM's --net user NICs: passt when asked for, or with auto when installed, else
 * QEMU's slirp. slirp listens on a forwarded port with a backlog of 1, so in a burst of connections
 * the host kernel's SYN-ACK retries decide when each gets through (seconds; resets after a
 * minute); passt accepts them at once and queues them towards the guest's own backlog.
 */
static void choose_user_net(struct net_opts *n, int verbose)
{
	int user = 0;
	for (int i = 0; i < n->n_nics; i++)
		user |= n->nics[i].kind == NIC_USER;
	/* Not asked for: slirp. Debian 12's passt never acknowledges the guest's SYN-ACK until the
	 * client sends data, so a server that speaks first (SSH, SMTP) waits forever
	 * (docs/NETWORKING.md). */
	if (!user || !n->user_net || strcmp(n->user_net, "slirp") == 0)
		return;
	n->passt = passt_available();
	if (!n->passt && strcmp(n->user_net, "passt") == 0)
		uni_die("--user-net passt: passt is not on PATH (fix: install Debian's passt "
			"package (./build.sh does), or use --user-net slirp)");
	if (!n->passt && verbose)
		fprintf(stderr, "uni-run: passt is not installed: --net user falls back to QEMU's slirp, "
				"whose forwarded ports hold one pending connection\n");
}

void net_plan(struct run_opts *o, const struct image *im)
{
	struct net_opts *n = &o->net;
	const char *opt = asked(n);
	if (im->kind == IMAGE_LINUX) {
		if (opt)
			uni_die("%s: %s is a linux-platform executable: it runs directly on this "
				"host, in its network, and binds host ports itself (fix: drop the "
				"networking options, or link it for the pvh platform)", opt, im->path);
		return;
	}
	if (im->kind == IMAGE_MICROVM) {
		if (strcmp(o->machine, "microvm") != 0)
			uni_die("--machine %s: a linux-microvm image boots only on microvm (fix: "
				"drop --machine)",
				 o->machine);
		if (opt)
			uni_die("%s: networking is not supported for linux-microvm images (fix: "
				"link for the pvh platform, the default, to use -p and --net)", opt);
		return;
	}

	int stack = symtab_defines(im, "uni_net_stack");
	if (stack == 0 && n->first)
		uni_die("%s: %s has no network stack (it does not use sockets) (fix: drop %s)", n->first,
			 im->path, n->first);
	if (n->none && n->first)
		uni_die("%s: needs a NIC, but --net none removes them (fix: drop one of the two)", n->first);
	/* A stripped image (stack < 0) gets a NIC only when the options ask for networking. */
	if (!n->n_nics && !n->none && (stack > 0 || n->first))
		n->nics[n->n_nics++] = (struct nic){ .kind = NIC_USER };
	if (o->verbose && n->n_nics)
		fprintf(stderr, "uni-run: %d NIC(s): %s\n", n->n_nics,
			stack > 0 ? "the image defines uni_net_stack"
				  : "the image has no symbol table (stripped?), and the options ask for networking");
	if (!n->n_nics)
		return;
	check_static(n);
	plan_forwards(n);
	choose_user_net(n, o->verbose);
}

void net_print_forwards(const struct net_opts *n)
{
	for (int i = 0; i < n->n_fwd; i++)
		fprintf(stderr, "uni-run: %s:%d -> guest port %d/%s\n", ipv4_str(n->fwd[i].host_ip),
			n->fwd[i].host_port, n->fwd[i].guest_port, n->fwd[i].proto);
}
