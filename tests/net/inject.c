/* inject.c: writes malformed Ethernet/ARP/IPv4/TCP/UDP/ICMP frames to a tap interface through an
 * AF_PACKET socket, addressed to a guest's MAC and IPv4 address, for tests/net/tap.test.
 * Usage: inject IFNAME GUESTMAC SRCIP GUESTIP CASE COUNT; "inject list" prints the cases.
 * Each case breaks one thing and keeps the rest valid (checksums included), so the guest's
 * stack reaches exactly the check under test. Built with the host's cc; needs CAP_NET_RAW. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXF 9014   /* an Ethernet frame at MTU 9000 */

struct frame {
	unsigned char b[MAXF];
	size_t len;
};

static unsigned char dst_mac[6], src_mac[6];
static uint32_t src_ip, dst_ip;   /* network order */
static uint16_t sport = 40000;

static uint32_t sum16(const unsigned char *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)(p[n - 1] << 8);
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void put16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static unsigned char *eth(struct frame *f, uint16_t type)
{
	memcpy(f->b, dst_mac, 6);
	memcpy(f->b + 6, src_mac, 6);
	put16(f->b + 12, type);
	f->len = 14;
	return f->b + 14;
}

/* An IPv4 header (20 bytes, checksum set) for a payload of plen bytes of protocol proto. */
static unsigned char *ip(struct frame *f, int proto, size_t plen)
{
	unsigned char *h = eth(f, ETHERTYPE_IP);
	memset(h, 0, 20);
	h[0] = 0x45;
	put16(h + 2, (uint16_t)(20 + plen));
	put16(h + 4, (uint16_t)rand());
	h[8] = 64;
	h[9] = (unsigned char)proto;
	memcpy(h + 12, &src_ip, 4);
	memcpy(h + 16, &dst_ip, 4);
	put16(h + 10, fold(sum16(h, 20, 0)));
	f->len += 20 + plen;
	return h + 20;
}

static void ip_rechecksum(unsigned char *h)
{
	put16(h + 10, 0);
	put16(h + 10, fold(sum16(h, (size_t)(h[0] & 15) * 4, 0)));
}

/* The TCP/UDP checksum over the pseudo-header and n bytes at l4. */
static uint16_t l4sum(const unsigned char *l4, size_t n, int proto)
{
	unsigned char ph[12];
	memcpy(ph, &src_ip, 4);
	memcpy(ph + 4, &dst_ip, 4);
	ph[8] = 0;
	ph[9] = (unsigned char)proto;
	put16(ph + 10, (uint16_t)n);
	return fold(sum16(l4, n, sum16(ph, 12, 0)));
}

/* A TCP segment to port 80 with hlen bytes of header (opts fill what is past 20), flags and
 * dlen bytes of data; the checksum is valid. */
static unsigned char *tcp(struct frame *f, size_t hlen, int flags, const unsigned char *opts, size_t dlen)
{
	unsigned char *t = ip(f, IPPROTO_TCP, hlen + dlen);
	memset(t, 0, hlen + dlen);
	put16(t, sport++);
	put16(t + 2, 80);
	put16(t + 4, (uint16_t)rand());
	t[12] = (unsigned char)(hlen / 4 << 4);
	t[13] = (unsigned char)flags;
	put16(t + 14, 65535);
	if (hlen > 20)
		memcpy(t + 20, opts, hlen - 20);
	put16(t + 16, l4sum(t, hlen + dlen, IPPROTO_TCP));
	return t;
}

static unsigned char *udp(struct frame *f, size_t dlen)
{
	unsigned char *u = ip(f, IPPROTO_UDP, 8 + dlen);
	put16(u, sport++);
	put16(u + 2, 9);   /* discard: nothing listens there */
	put16(u + 4, (uint16_t)(8 + dlen));
	memset(u + 6, 0, 2 + dlen);
	put16(u + 6, l4sum(u, 8 + dlen, IPPROTO_UDP));
	return u;
}

static unsigned char *icmp_echo(struct frame *f, size_t dlen)
{
	unsigned char *c = ip(f, IPPROTO_ICMP, 8 + dlen);
	memset(c, 0, 8 + dlen);
	c[0] = 8;
	put16(c + 4, 0x1234);
	put16(c + 2, fold(sum16(c, 8 + dlen, 0)));
	return c;
}

static void flip(unsigned char *p)
{
	p[0] ^= 0x5a;
}

/* Each case builds one frame into f. */
static void c_eth_header_only(struct frame *f) { eth(f, ETHERTYPE_IP); }
static void c_eth_type(struct frame *f) { eth(f, 0x88b5); memset(f->b + 14, 0xab, 46); f->len += 46; }
static void c_eth_802_3(struct frame *f) { eth(f, 46); memset(f->b + 14, 0xaa, 46); f->len += 46; }
static void c_arp_short(struct frame *f)
{
	unsigned char *a = eth(f, ETHERTYPE_ARP);
	put16(a, 1);   /* Ethernet, then cut: 6 of ARP's 28 bytes */
	put16(a + 2, ETHERTYPE_IP);
	a[4] = 6;
	a[5] = 4;
	f->len += 6;
}
static void c_arp_hwtype(struct frame *f)
{
	unsigned char *a = eth(f, ETHERTYPE_ARP);
	memset(a, 0, 28);
	put16(a, 7);   /* not Ethernet */
	put16(a + 2, ETHERTYPE_IP);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, 1);
	memcpy(a + 8, src_mac, 6);
	memcpy(a + 14, &src_ip, 4);
	memcpy(a + 24, &dst_ip, 4);
	f->len += 28;
}
static void c_ip_short(struct frame *f)
{
	unsigned char *h = eth(f, ETHERTYPE_IP);
	memset(h, 0, 12);
	h[0] = 0x45;
	put16(h + 2, 1400);   /* more than any padded short frame carries */
	f->len += 12;
}
static void c_ip_totlen(struct frame *f) { unsigned char *u = udp(f, 12); put16(u - 18, 1000); ip_rechecksum(u - 20); }
static void c_ip_ihl(struct frame *f) { unsigned char *u = udp(f, 12); u[-20] = 0x43; ip_rechecksum(u - 20); }
static void c_ip_version(struct frame *f) { unsigned char *u = udp(f, 12); u[-20] = 0x65; ip_rechecksum(u - 20); }
static void c_ip_csum(struct frame *f) { flip(udp(f, 12) - 10); }
static void c_ip_proto(struct frame *f) { ip(f, 253, 20); }
static void c_tcp_short(struct frame *f) { memset(ip(f, IPPROTO_TCP, 10), 0, 10); }
static void c_tcp_csum(struct frame *f) { flip(tcp(f, 20, 0x02, 0, 0) + 16); }
static void c_tcp_doff_past_end(struct frame *f)
{
	unsigned char *t = tcp(f, 20, 0x02, 0, 0);
	t[12] = 15 << 4;   /* 60 bytes of header in a 20-byte segment */
	put16(t + 16, 0);
	put16(t + 16, l4sum(t, 20, IPPROTO_TCP));
}
static void c_tcp_doff_small(struct frame *f)
{
	unsigned char *t = tcp(f, 20, 0x02, 0, 0);
	t[12] = 2 << 4;
	put16(t + 16, 0);
	put16(t + 16, l4sum(t, 20, IPPROTO_TCP));
}
static void c_tcp_bad_options(struct frame *f)
{
	/* A SYN whose options lie: MSS of length 1, window scale of length 0, an option past
	 * the header's end. The stack must parse without looping or reading past it. */
	static const unsigned char o[] = { 2, 1, 5, 0, 1, 3, 0, 4, 8, 40, 0, 0 };
	tcp(f, 20 + sizeof o, 0x02, o, 0);
}
static void c_udp_short(struct frame *f) { memset(ip(f, IPPROTO_UDP, 4), 0, 4); }
static void c_udp_csum(struct frame *f) { flip(udp(f, 12) + 6); }
static void c_udp_len(struct frame *f)
{
	unsigned char *u = udp(f, 12);
	put16(u + 4, 1000);   /* more than the datagram */
	put16(u + 6, 0);
	put16(u + 6, l4sum(u, 20, IPPROTO_UDP));
}
static void c_icmp_short(struct frame *f) { memset(ip(f, IPPROTO_ICMP, 3), 8, 3); }
static void c_icmp_csum(struct frame *f) { flip(icmp_echo(f, 32) + 2); }
static void c_oversize(struct frame *f) { udp(f, MAXF - 14 - 28); }

static const struct {
	const char *name;
	void (*build)(struct frame *);
} cases[] = {
	{ "eth-header-only", c_eth_header_only },
	{ "eth-unknown-type", c_eth_type },
	{ "eth-802.3-length", c_eth_802_3 },
	{ "arp-truncated", c_arp_short },
	{ "arp-bad-hwtype", c_arp_hwtype },
	{ "ip-truncated-header", c_ip_short },
	{ "ip-totlen-past-frame", c_ip_totlen },
	{ "ip-ihl-below-5", c_ip_ihl },
	{ "ip-version-6", c_ip_version },
	{ "ip-bad-checksum", c_ip_csum },
	{ "ip-unknown-protocol", c_ip_proto },
	{ "tcp-truncated-header", c_tcp_short },
	{ "tcp-bad-checksum", c_tcp_csum },
	{ "tcp-doff-past-end", c_tcp_doff_past_end },
	{ "tcp-doff-below-5", c_tcp_doff_small },
	{ "tcp-bad-options", c_tcp_bad_options },
	{ "udp-truncated-header", c_udp_short },
	{ "udp-bad-checksum", c_udp_csum },
	{ "udp-length-past-end", c_udp_len },
	{ "icmp-truncated", c_icmp_short },
	{ "icmp-bad-checksum", c_icmp_csum },
	{ "oversize-9014", c_oversize },
};

static void die(const char *step, const char *fix)
{
	fprintf(stderr, "inject: %s: %s; %s\n", step, strerror(errno), fix);
	exit(1);
}

static int parse_mac(const char *s, unsigned char *m)
{
	unsigned v[6];
	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		m[i] = (unsigned char)v[i];
	return 0;
}

int main(int argc, char **argv)
{
	size_t ncases = sizeof cases / sizeof cases[0];
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		for (size_t i = 0; i < ncases; i++)
			puts(cases[i].name);
		return 0;
	}
	if (argc != 7) {
		fprintf(stderr, "usage: inject IFNAME GUESTMAC SRCIP GUESTIP CASE COUNT | inject list\n");
		return 2;
	}
	size_t c = 0;
	while (c < ncases && strcmp(cases[c].name, argv[5]) != 0)
		c++;
	int count = atoi(argv[6]);
	if (c == ncases || count < 1 || parse_mac(argv[2], dst_mac) || inet_pton(AF_INET, argv[3], &src_ip) != 1 ||
	    inet_pton(AF_INET, argv[4], &dst_ip) != 1) {
		fprintf(stderr, "inject: bad arguments (unknown case '%s'? see inject list; MAC as aa:bb:cc:dd:ee:ff)\n", argv[5]);
		return 2;
	}
	int s = socket(AF_PACKET, SOCK_RAW, 0);
	if (s < 0)
		die("socket(AF_PACKET)", "run as root (CAP_NET_RAW) inside the tap's namespace");
	struct ifreq ifr = { 0 };
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", argv[1]);
	if (ioctl(s, SIOCGIFHWADDR, &ifr) < 0)
		die(argv[1], "the interface must exist in this network namespace");
	memcpy(src_mac, ifr.ifr_hwaddr.sa_data, 6);
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = (int)if_nametoindex(argv[1]), .sll_halen = 6 };
	memcpy(to.sll_addr, dst_mac, 6);
	srand((unsigned)getpid());
	static struct frame f;
	for (int i = 0; i < count; i++) {
		memset(&f, 0, sizeof f);
		cases[c].build(&f);
		if (sendto(s, f.b, f.len, 0, (struct sockaddr *)&to, sizeof to) != (ssize_t)f.len)
			die(cases[c].name, "a frame longer than the interface's MTU needs ip link set IF mtu N");
	}
	printf("%s: %d frames of %zu bytes\n", cases[c].name, count, f.len);
	return 0;
}
