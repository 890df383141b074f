/* /proc/net/uni: the network's counters as "name value" lines, for tests and operators: each
 * NIC's frames, bytes, drops and interrupts, lwIP's protocol statistics (errors, drops,
 * memory), the socket layer's own counts, and free guest memory. */
#include <stdio.h>
#include "lwip/stats.h"
#include "net/net.h"
#include "uni/nic.h"
#include "uni/runtime.h"

#define LINE(name, v) n += (size_t)snprintf(p + n, n < room ? room - n : 0, "%s %llu\n", name, (unsigned long long)(v))
#define PROTO(prefix, st) do { \
	LINE(prefix ".recv", (st).recv); LINE(prefix ".xmit", (st).xmit); LINE(prefix ".drop", (st).drop); \
	LINE(prefix ".chkerr", (st).chkerr); LINE(prefix ".lenerr", (st).lenerr); LINE(prefix ".memerr", (st).memerr); \
	LINE(prefix ".proterr", (st).proterr); LINE(prefix ".err", (st).err); } while (0)

static size_t gen(char *p, size_t room)
{
	size_t n = 0;
	char key[64];
	for (struct uni_nic *nic = uni_nics; nic; nic = nic->next) {
#define NIC(field) do { snprintf(key, sizeof key, "eth%d." #field, nic->index); LINE(key, nic->stats.field); } while (0)
		NIC(rx_frames); NIC(rx_bytes); NIC(rx_dropped); NIC(tx_frames); NIC(tx_bytes); NIC(tx_dropped); NIC(irqs);
#undef NIC
	}
	PROTO("link", lwip_stats.link);
	PROTO("etharp", lwip_stats.etharp);
	PROTO("ip", lwip_stats.ip);
	PROTO("icmp", lwip_stats.icmp);
	PROTO("udp", lwip_stats.udp);
	PROTO("tcp", lwip_stats.tcp);
	LINE("sock.created", uni_net_counters.sockets);
	LINE("sock.accepted", uni_net_counters.accepted);
	LINE("sock.resets", uni_net_counters.resets);
	LINE("tcp.time_wait_reused", uni_net_counters.time_wait_reused);
	LINE("sock.bad_args", uni_net_counters.bad_args);
	LINE("sock.udp_dropped", uni_net_counters.udp_dropped);
	LINE("mem.free_bytes", uni_mm_free_bytes());
	return n;
}

void uni_net_counters_publish(void)
{
	uni_proc_add_text("/proc/net", "uni", gen);
}
