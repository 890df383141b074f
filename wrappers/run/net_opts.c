/* net_opts.c: parse and check -p, --net, --ip, --gw and --dns, each on its own (net_plan.c
 * relates them to each other and to the image). */
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

int ipv4_parse(const char *s, uint32_t *addr)
{
	uint32_t a = 0;
	for (int i = 0; i < 4; i++) {
		size_t digits = strspn(s, "0123456789");
		/* A leading zero reads as octal to inet_aton: refuse it rather than guess. */
		if (digits == 0 || digits > 3 || (digits > 1 && *s == '0'))
			return -1;
		unsigned long part = strtoul(s, NULL, 10);
		if (part > 255)
			return -1;
		a = a << 8 | (uint32_t)part;
		s += digits;
		if (*s != (i < 3 ? '.' : '\0'))
			return -1;
		s++;
	}
	*addr = a;
	return 0;
}

char *ipv4_str(uint32_t a)
{
	return uni_strf("%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

/* An address a host can have: not 0.0.0.0/8, loopback, multicast or reserved. */
static uint32_t unicast(const char *opt, const char *arg, const char *s)
{
	uint32_t a;
	if (ipv4_parse(s, &a) != 0)
		uni_die("%s '%s': '%s' is not an IPv4 address (fix: A.B.C.D, decimal, no leading "
			"zeros)", opt, arg, s);
	unsigned first = a >> 24;
	if (first == 0 || first == 127 || first >= 224)
		uni_die("%s '%s': %s is not a unicast address (0.x, 127.x and 224.x and above are "
			"not) (fix: give the address of a host)", opt, arg, s);
	return a;
}

static void mark(struct net_opts *n, const char *opt)
{
	if (!n->first)
		n->first = opt;
}

/* user | none | tap:IFNAME */
void net_opt_net(struct net_opts *n, const char *arg)
{
	if (strcmp(arg, "none") == 0) {
		if (n->n_nics)
			uni_die("--net none cannot be combined with other --net options (fix: drop "
				"one)");
		n->none = 1;
		return;
	}
	if (n->none)
		uni_die("--net %s cannot be combined with --net none (fix: drop one)", arg);
	if (n->n_nics == NET_MAX_NICS)
		uni_die("--net %s: at most %d NICs, microvm has %d virtio-mmio slots (fix: drop "
			"the others)", arg,
			 NET_MAX_NICS, NET_MAX_NICS);
	struct nic *c = &n->nics[n->n_nics];
	*c = (struct nic){ .kind = NIC_USER };
	if (strncmp(arg, "tap:", 4) == 0) {
		const char *ifname = arg + 4;
		size_t len = strlen(ifname);
		/* Linux allows 15 bytes; QEMU's option syntax would split the name at a comma. */
		if (len == 0 || len > 15 ||
		    strspn(ifname, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") != len)
			uni_die("--net '%s': not a tap interface name (fix: 1-15 of A-Z a-z 0-9 _ "
				". -)", arg);
		unsigned char r[3];
		if (getrandom(r, sizeof r, 0) != sizeof r)
			uni_die("--net tap: getrandom for the MAC address: %s (fix: run on Linux "
				"3.17 or later)", strerror(errno));
		c->kind = NIC_TAP;
		c->ifname = ifname;
		/* QEMU's default MAC is the same in every VM, which breaks a bridge of several. */
		snprintf(c->mac, sizeof c->mac, "52:54:00:%02x:%02x:%02x", r[0], r[1], r[2]);
	} else if (strcmp(arg, "user") != 0) {
		uni_die("--net '%s': unknown network (fix: user, tap:IFNAME or none)", arg);
	}
	n->n_nics++;
	mark(n, "--net");
}

/* A port number, 1-65535; what names it in messages ("host port", "guest port"). */
static int port_number(const char *arg, const char *s, const char *what)
{
	size_t len = strlen(s);
	if (strchr(s, '-'))
		uni_die("-p '%s': port ranges are not supported (fix: give one -p per port)", arg);
	if (len == 0 || strspn(s, "0123456789") < len)
		uni_die("-p '%s': %s '%s' is not a number (fix: expected "
			"[[HOSTIP:]HOSTPORT:]GUESTPORT[/tcp|/udp])",
			 arg, what, s);
	long p = len > 5 ? 0 : strtol(s, NULL, 10);
	if (p < 1 || p > 65535)
		uni_die("-p '%s': %s %s is out of range (fix: ports are 1-65535)", arg, what, s);
	return (int)p;
}

/* [[HOSTIP:]HOSTPORT:]GUESTPORT[/tcp|/udp]; an empty or missing HOSTPORT means a free one. */
void net_opt_publish(struct net_opts *n, const char *arg)
{
	char *spec = uni_xstrdup(arg), *slash = strchr(spec, '/');
	struct forward f = { .spec = arg, .proto = "tcp", .host_ip = 0x7f000001 };
	if (slash) {
		*slash++ = '\0';
		if (strcmp(slash, "tcp") && strcmp(slash, "udp"))
			uni_die("-p '%s': unknown protocol after / (fix: tcp or udp)", arg);
		f.proto = slash;
	}
	if (strchr(spec, '[') || strchr(spec, ']'))
		uni_die("-p '%s': IPv6 host addresses are not supported (QEMU's user network "
			"forwards IPv4) (fix: give an IPv4 address or none)", arg);
	char *part[3];
	int nparts = 0;
	for (char *p = spec;; p++) {
		if (nparts == 3)
			uni_die("-p '%s': too many ':' (fix: expected "
				"[[HOSTIP:]HOSTPORT:]GUESTPORT[/tcp|/udp])", arg);
		part[nparts++] = p;
		p = strchr(p, ':');
		if (!p)
			break;
		*p = '\0';
	}
	f.guest_port = port_number(arg, part[nparts - 1], "guest port");
	if (nparts >= 2 && *part[nparts - 2])
		f.host_port = port_number(arg, part[nparts - 2], "host port");
	if (nparts == 3 && ipv4_parse(part[0], &f.host_ip) != 0)
		uni_die("-p '%s': host address '%s' is not an IPv4 address (fix: A.B.C.D; 0.0.0.0 "
			"for all interfaces)", arg, part[0]);
	n->fwd = realloc(n->fwd, (size_t)(n->n_fwd + 1) * sizeof *n->fwd);
	if (!n->fwd)
		uni_die("memory: out of memory (fix: free memory, or give the machine more)");
	n->fwd[n->n_fwd++] = f;
	mark(n, "-p");
}

/* A.B.C.D/N */
void net_opt_ip(struct net_opts *n, const char *arg)
{
	if (n->prefix)
		uni_die("--ip: given twice; it configures the first NIC only (fix: keep one)");
	char *addr = uni_xstrdup(arg), *slash = strchr(addr, '/'), *end;
	if (!slash)
		uni_die("--ip '%s': no prefix length (fix: give it too, as in 10.0.2.15/24)", arg);
	*slash++ = '\0';
	long prefix = strtol(slash, &end, 10);
	if (!*slash || *end || strspn(slash, "0123456789") != strlen(slash) || prefix < 1 || prefix > 30)
		uni_die("--ip '%s': the prefix length must leave room for a gateway (fix: 1-30)", arg);
	uint32_t a = unicast("--ip", arg, addr), host = ~0u >> prefix;
	if ((a & host) == 0 || (a & host) == host)
		uni_die("--ip '%s': %s is the %s address of its /%ld network (fix: give a host "
			"address)", arg, addr,
			 (a & host) ? "broadcast" : "network", prefix);
	n->ip = a;
	n->prefix = (int)prefix;
	mark(n, "--ip");
}

void net_opt_gw(struct net_opts *n, const char *arg)
{
	if (n->have_gw)
		uni_die("--gw: given twice (fix: keep one)");
	n->gw = unicast("--gw", arg, arg);
	n->have_gw = 1;
	mark(n, "--gw");
}

void net_opt_dns(struct net_opts *n, const char *arg)
{
	if (n->n_dns == NET_MAX_DNS)
		uni_die("--dns %s: at most %d DNS servers, as in resolv.conf (fix: drop the others)", arg, NET_MAX_DNS);
	n->dns[n->n_dns++] = unicast("--dns", arg, arg);
	mark(n, "--dns");
}
