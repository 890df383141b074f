/* The glue between NICs and lwIP interfaces (net/netif.c), used by net/stack.c. */
#ifndef UNI_NET_NETIF_H
#define UNI_NET_NETIF_H

#include <stddef.h>
#include <stdint.h>

struct netif;
struct uni_nic;

/* An lwIP interface for nic, up, without an address yet. */
struct netif *uni_netif_add(struct uni_nic *nic);
/* Feeds up to 'budget' received frames per NIC into lwIP; returns 1 if more wait. */
int uni_netif_receive(int budget);
/* Writes /etc/resolv.conf and /etc/hosts from the configuration (net/config.c). */
void uni_net_write_etc(struct netif *nif);

/* TIME_WAIT beyond lwIP's (net/time_wait.c): before lwIP sees frame, ends the TIME_WAIT
 * connection a new SYN from the same client port may replace; trims the TIME_WAIT list. */
void uni_time_wait_reuse(const unsigned char *frame, size_t len);
void uni_time_wait_trim(void);

/* Pushes out what corked sockets have held back for too long (net/tcp_cork.c); from the
 * network thread. */
void uni_tcp_cork_expire(void);

/* With uni.passt=1: completes the handshakes of forwarded connections that passt leaves in
 * SYN_RCVD (net/passt_ack.c); from the network thread. Returns when it must run next (ns,
 * uni_clock_ns time), 0 when nothing waits. */
uint64_t uni_passt_ack(void);

/* Adds /proc/net/uni (net/counters.c). */
void uni_net_counters_publish(void);

#endif
