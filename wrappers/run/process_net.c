/* process_net.c: the network of a process-platform image: its first NIC as a host fd — a
 * stream socket to passt (passt.c: user-mode networking with -p forwards), or a tap device —
 * handed over as uni/abi.h's UNI_RUN_NET_FD. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "uni/abi.h"

static int open_tap(const struct nic *n)
{
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		uni_die("--net tap:%s: /dev/net/tun: %s (fix: run as root or with CAP_NET_ADMIN)", n->ifname, strerror(errno));
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", n->ifname);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		uni_die("--net tap:%s: cannot attach to the tap device: %s (fix: create it, ip "
			"tuntap add NAME mode tap user $USER)", n->ifname, strerror(errno));
	return fd;
}

void process_net_start(const struct run_opts *o, struct strv *env)
{
	if (!o->net.n_nics)
		return;
	const struct nic *n = &o->net.nics[0];
	int user = n->kind == NIC_USER;
	int fd = user ? passt_start(o, 0, "use --accel kvm|tcg") : open_tap(n);
	fcntl(fd, F_SETFD, 0);   /* the image inherits it */
	strv_pushf(env, "%s=%d", UNI_ENV_NET_FD, fd);
	strv_pushf(env, "%s=%s", UNI_ENV_NET_MODE, user ? UNI_NET_MODE_STREAM : UNI_NET_MODE_TAP);
	if (user)
		net_print_forwards(&o->net);
}

