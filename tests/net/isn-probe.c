/* isn-probe.c: prints the initial sequence number of each of N TCP connections a guest accepts,
 * as seen on the wire: an AF_PACKET socket on the tap interface catches the guest's SYN-ACK to
 * each connect(). For tests/net/isn.test; built with the host's cc; needs CAP_NET_RAW.
 * Usage: isn-probe IFNAME GUESTIP PORT N */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads frames from the packet socket until the SYN-ACK from guest:port to our port; its
 * sequence number, or exits when none comes within 5 s. */
static uint32_t wait_syn_ack(int ps, uint32_t guest, uint16_t port, uint16_t ours)
{
	unsigned char f[2048];
	struct pollfd p = { ps, POLLIN, 0 };
	while (poll(&p, 1, 5000) > 0) {
		ssize_t n = recv(ps, f, sizeof f, 0);
		if (n < 14 + 20 + 20 || f[12] != 0x08 || f[13] != 0x00)
			continue;
		const unsigned char *ip = f + 14, *th = ip + (ip[0] & 0x0f) * 4;
		if (ip[9] != IPPROTO_TCP || memcmp(ip + 12, &guest, 4) != 0 || th + 20 > f + n)
			continue;
		uint16_t sp = (uint16_t)(th[0] << 8 | th[1]), dp = (uint16_t)(th[2] << 8 | th[3]);
		if (sp == port && dp == ours && (th[13] & 0x12) == 0x12)
			return get32(th + 4);
	}
	fprintf(stderr, "isn-probe: no SYN-ACK from the guest within 5 s\n");
	exit(1);
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: isn-probe IFNAME GUESTIP PORT N\n");
		return 2;
	}
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[3])) };
	if (inet_pton(AF_INET, argv[2], &to.sin_addr) != 1)
		die("inet_pton");
	int ps = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP));
	if (ps < 0)
		die("socket(AF_PACKET)");
	struct sockaddr_ll ll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP),
				  .sll_ifindex = (int)if_nametoindex(argv[1]) };
	if (ll.sll_ifindex == 0 || bind(ps, (struct sockaddr *)&ll, sizeof ll) < 0)
		die("bind to the interface");
	for (int i = 0, n = atoi(argv[4]); i < n; i++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0 || connect(s, (struct sockaddr *)&to, sizeof to) < 0)
			die("connect");
		struct sockaddr_in me;
		socklen_t len = sizeof me;
		if (getsockname(s, (struct sockaddr *)&me, &len) < 0)
			die("getsockname");
		printf("%u\n", wait_syn_ack(ps, to.sin_addr.s_addr, ntohs(to.sin_port), ntohs(me.sin_port)));
		close(s);
	}
	return 0;
}
