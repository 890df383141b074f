/* qemu_net.c: the QEMU arguments of an image's NICs: user-mode (passt's socket or QEMU's slirp)
 * or tap backends, virtio-net on virtio-mmio (microvm) or on PCI (q35); docs/NETWORKING.md has
 * what the guest sees. */
#include "run.h"

#include <string.h>

/* QEMU's slirp for NIC i: a static --ip's network (net_plan checked it) and the forwards. */
static char *slirp_netdev(const struct net_opts *n, int i)
{
	char *s = uni_strf("user,id=net%d", i);
	const char *guest = "";
	if (i == 0 && n->prefix) {
		uint32_t mask = ~0u << (32 - n->prefix);
		guest = ipv4_str(n->ip);
		s = uni_strf("%s,net=%s/%d,host=%s,dhcpstart=%s", s, ipv4_str(n->ip & mask), n->prefix,
			     ipv4_str(n->gw), guest);
	}
	for (int f = 0; i == n->fwd_nic && f < n->n_fwd; f++)
		/* An empty guest address is QEMU's first DHCP address, 10.0.2.15. */
		s = uni_strf("%s,hostfwd=%s:%s:%d-%s:%d", s, n->fwd[f].proto, ipv4_str(n->fwd[f].host_ip),
			     n->fwd[f].host_port, guest, n->fwd[f].guest_port);
	return s;
}

void qemu_net_args(struct strv *a, const struct run_opts *o, const int *net_fd)
{
	const struct net_opts *n = &o->net;
	int q35 = strcmp(o->machine, "q35") == 0;
	for (int i = 0; i < n->n_nics; i++) {
		const struct nic *c = &n->nics[i];
		strv_push(a, "-netdev");
		if (c->kind == NIC_TAP)
			strv_pushf(a, "tap,id=net%d,ifname=%s,script=no,downscript=no", i, c->ifname);
		else if (n->passt)
			/* passt's end of the socket pair speaks QEMU's stream framing (a 4-byte big-endian
			 * length before each frame); QEMU 7.2's stream backend takes it as a connected fd
			 * (its older socket backend, socket,fd=N, frames the same). */
			strv_pushf(a, "stream,id=net%d,addr.type=fd,addr.str=%d", i, net_fd[i]);
		else
			strv_push(a, slirp_netdev(n, i));
		const char *mac = c->kind == NIC_TAP ? uni_strf(",mac=%s", c->mac) : "";
		strv_push(a, "-device");
		/* romfile=: no iPXE option ROM for SeaBIOS to load (~20 ms); the guest needs none. */
		if (q35)
			strv_pushf(a, "virtio-net-pci,netdev=net%d,disable-legacy=on,romfile=%s", i, mac);
		else
			strv_pushf(a, "virtio-net-device,netdev=net%d%s", i, mac);
	}
}
