/* /etc/resolv.conf and /etc/hosts from the network configuration (static or learned by DHCP),
 * so musl's resolver works with no step of the program's own. Only files the runtime put
 * there are rewritten (uni_etc_install): the image's rootfs or a volume always wins. */
#include <stdio.h>
#include "lwip/dns.h"
#include "lwip/netif.h"
#include "net/net_netif.h"
#include "uni/fs.h"

void uni_net_write_etc(struct netif *nif)
{
	char buf[512];
	size_t n = 0;
	for (u8_t i = 0; i < DNS_MAX_SERVERS; i++) {
		const ip_addr_t *d = dns_getserver(i);
		if (!ip_addr_isany(d))
			n += (size_t)snprintf(buf + n, sizeof buf - n, "nameserver %s\n", ipaddr_ntoa(d));
	}
	if (n)
		uni_etc_install("resolv.conf", buf, 1);
	/* The hostname (uname's nodename) on the guest's address once it has one. */
	int have = nif && !ip4_addr_isany_val(*netif_ip4_addr(nif));
	snprintf(buf, sizeof buf, "127.0.0.1\tlocalhost\n%s\tuni\n::1\tlocalhost ip6-localhost ip6-loopback\n"
		 "ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n", have ? ip4addr_ntoa(netif_ip4_addr(nif)) : "127.0.1.1");
	uni_etc_install("hosts", buf, 1);
}
