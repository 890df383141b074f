/* /etc/resolv.conf and /etc/hosts from the network configuration (static or learned by DHCP),
 * so musl's resolver works with no step of the program's own. Files the image's rootfs or a
 * volume brought are kept as they are. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "lwip/dns.h"
#include "lwip/netif.h"
#include "net/net_netif.h"
#include "uni/fs.h"

static const char default_hosts[] = "127.0.0.1\tlocalhost\n";

static void write_file(struct uni_inode *etc, const char *name, const char *text, int replace_default)
{
	struct uni_inode *n = uni_dir_lookup(etc, name, strlen(name));
	if (n) {
		/* Replace only the runtime's own default (fs/init.c writes hosts). */
		char head[sizeof default_hosts - 1];
		if (!replace_default || !S_ISREG(n->mode) ||
		    uni_data_read(n, head, sizeof head, 0) != (ssize_t)sizeof head ||
		    memcmp(head, default_hosts, sizeof head))
			return;
		uni_data_truncate(n, 0);
	} else {
		n = uni_inode_new(S_IFREG | 0644);
		if (!n || uni_dir_link(etc, name, strlen(name), n))
			return;
	}
	uni_data_write(n, text, strlen(text), 0);
}

void uni_net_write_etc(struct netif *nif)
{
	struct uni_inode *etc = uni_mkdir_p("/etc", 0755);
	if (!etc)
		return;
	char buf[512];
	size_t n = 0;
	for (u8_t i = 0; i < DNS_MAX_SERVERS; i++) {
		const ip_addr_t *d = dns_getserver(i);
		if (!ip_addr_isany(d))
			n += (size_t)snprintf(buf + n, sizeof buf - n, "nameserver %s\n", ipaddr_ntoa(d));
	}
	if (n)
		write_file(etc, "resolv.conf", buf, 0);
	n = (size_t)snprintf(buf, sizeof buf, "%s::1\tlocalhost ip6-localhost ip6-loopback\n", default_hosts);
	if (nif && !ip4_addr_isany_val(*netif_ip4_addr(nif)))
		snprintf(buf + n, sizeof buf - n, "%s\tuni\n", ip4addr_ntoa(netif_ip4_addr(nif)));
	write_file(etc, "hosts", buf, 1);
}
