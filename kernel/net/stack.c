/* The network stack's start and its thread. Linked into an image only when the program uses
 * sockets (musl's socket calls name uni_net_stack, defined here). At boot: find the NICs,
 * start lwIP, configure the first NIC (static from the command line, else DHCP, waited for up
 * to DHCP_WAIT_MS), write /etc/resolv.conf and /etc/hosts, and start the network thread, which
 * feeds received frames to lwIP and runs its timers. */
#include <stdlib.h>
#include <string.h>
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/timeouts.h"
#include "net/net.h"
#include "net/net_netif.h"
#include "uni/console.h"
#include "uni/nic.h"
#include "uni/runtime.h"
#include "uni/sched.h"

#define DHCP_WAIT_MS 5000
#define RX_BUDGET 64
#define THREAD_STACK (64 * 1024)
#define DRAIN_MS 1000

const char uni_net_stack[] = "lwIP " LWIP_VERSION_STRING;
/* Whoever links this file gets the socket calls too (syscall/net.c, net_mmsg.c), whose table
 * entries are weak. */
long sys_socket(long, long, long, long, long, long);
long sys_sendmmsg(long, long, long, long, long, long);
__attribute__((used)) static long (*const socket_calls[])(long, long, long, long, long, long) = {
	sys_socket, sys_sendmmsg,
};

static struct uni_waitq net_wq;    /* the network thread waits here */
static struct uni_waitq round_wq;  /* woken after each of its rounds (boot waits for DHCP) */
static volatile int net_work;      /* frames arrived, or a socket call asks for a round */

void uni_net_lock(void)
{
	uni_preempt_disable();
}

void uni_net_unlock(void)
{
	uni_preempt_enable();
}

void uni_net_flush(void)
{
	netif_poll_all();
}

/* From the scheduler, whenever it looks for work: did a NIC receive something? */
static void device_poll(void)
{
	/* One atomic exchange: irq.S (another CPU, or an interrupt here) may set the flag between
	 * a load and a store, and a lost flag leaves the NIC's interrupt unacknowledged, its
	 * edge-triggered line high, and no further interrupt. */
	int irq = __atomic_exchange_n(&uni_device_irq, 0, __ATOMIC_ACQ_REL);
	int found = 0;
	for (struct uni_nic *nic = uni_nics; nic; nic = nic->next)
		if (uni_nic_rx_ready(nic, irq))
			found = 1;
	/* Wake the network thread when work appears, not at every look: uni_wake also wakes every
	 * poll/epoll waiter, and with several CPUs a waiter that re-blocked only to be woken again
	 * at once kept the lock from the network thread itself. */
	if (found && !net_work) {
		net_work = 1;
		uni_wake(&net_wq);
	}
}

static int has_work(void *arg)
{
	(void)arg;
	return net_work;
}

static int net_thread(void *arg)
{
	(void)arg;
	for (;;) {
		uni_net_lock();
		net_work = 0;
		int more = uni_netif_receive(RX_BUDGET);
		uint64_t ack_at = uni_passt_ack();
		netif_poll_all();
		sys_check_timeouts();
		uni_time_wait_trim();
		uni_tcp_cork_expire();
		u32_t sleep = sys_timeouts_sleeptime();
		uni_net_unlock();
		uni_wake(&round_wq);
		if (more) {
			net_work = 1;
			uni_sched_yield();
			continue;
		}
		uint64_t deadline = sleep == SYS_TIMEOUTS_SLEEPTIME_INFINITE ? 0 : uni_clock_ns() + (uint64_t)sleep * 1000000;
		if (ack_at && (!deadline || ack_at < deadline))
			deadline = ack_at;
		uni_wait(&net_wq, has_work, 0, deadline);
	}
	return 0;
}

/* Whether any TCP connection still has data or a FIN to deliver. */
static int tcp_idle(void *arg)
{
	(void)arg;
	for (struct tcp_pcb *p = tcp_active_pcbs; p; p = p->next)
		if (p->unsent || p->unacked || p->state == FIN_WAIT_1 || p->state == CLOSING || p->state == LAST_ACK)
			return 0;
	return 1;
}

void uni_net_drain(void)
{
	uni_wait(&round_wq, tcp_idle, 0, uni_clock_ns() + DRAIN_MS * 1000000ull);
}

/* "A.B.C.D" or "A.B.C.D/N" into addr (and mask); 0 on success. */
static int parse_ip(const char *s, ip4_addr_t *addr, ip4_addr_t *mask)
{
	char buf[32];
	size_t n = strlen(s);
	if (n >= sizeof buf)
		return -1;
	memcpy(buf, s, n + 1);
	char *slash = strchr(buf, '/');
	int bits = 24;
	if (slash) {
		*slash = 0;
		bits = atoi(slash + 1);
		if (bits < 0 || bits > 32)
			return -1;
	}
	if (!ip4addr_aton(buf, addr))
		return -1;
	if (mask)
		ip4_addr_set_u32(mask, bits ? lwip_htonl(0xffffffffu << (32 - bits)) : 0);
	return 0;
}

static void configure_static(struct netif *nif)
{
	ip4_addr_t ip, mask, gw;
	ip4_addr_set_zero(&gw);
	if (parse_ip(uni_boot_ip, &ip, &mask)) {
		uni_log("net: bad uni.ip=%s (want A.B.C.D/N); the interface stays unconfigured", uni_boot_ip);
		return;
	}
	if (uni_boot_gw && parse_ip(uni_boot_gw, &gw, 0))
		uni_log("net: bad uni.gw=%s (want A.B.C.D); no default route", uni_boot_gw);
	netif_set_addr(nif, &ip, &mask, &gw);
}

/* uni.dns= servers, which take precedence over what DHCP offered. */
static void configure_dns(void)
{
	for (int i = 0; i < 2; i++) {
		ip_addr_t d;
		if (uni_boot_dns[i] && ip4addr_aton(uni_boot_dns[i], ip_2_ip4(&d))) {
			IP_SET_TYPE_VAL(d, IPADDR_TYPE_V4);
			dns_setserver((u8_t)i, &d);
		} else if (uni_boot_dns[i]) {
			uni_log("net: bad uni.dns=%s (want A.B.C.D); ignored", uni_boot_dns[i]);
		}
	}
}

static int dhcp_done(void *arg)
{
	return dhcp_supplied_address(arg);
}

void uni_net_start(void)
{
	int nics = uni_nic_probe();
	uni_net_lock();
	lwip_init();
	struct netif *first = 0;
	for (struct uni_nic *nic = uni_nics; nic; nic = nic->next) {
		struct netif *nif = uni_netif_add(nic);
		if (nif && !first)
			first = nif;
	}
	if (first) {
		netif_set_default(first);
		if (uni_boot_ip)
			configure_static(first);
		else
			dhcp_start(first);
	}
	uni_net_unlock();
	uni_device_poll = device_poll;
	uni_net_counters_publish();
	int r = uni_thread_create_runtime(net_thread, 0, THREAD_STACK);
	if (r < 0) {
		uni_log("net: cannot start the network thread (%d); networking is unavailable", r);
		return;
	}
	if (!nics) {
		uni_net_write_etc(0);
		return;   /* loopback only: uni-run attaches a NIC to images that use sockets */
	}
	if (!uni_boot_ip && uni_wait(&round_wq, dhcp_done, first, uni_clock_ns() + DHCP_WAIT_MS * 1000000ull))
		uni_log("net: no DHCP lease after %d ms; continuing without an address", DHCP_WAIT_MS);
	uni_net_lock();
	configure_dns();
	uni_net_unlock();
	uni_net_write_etc(first);
}
