/* The glue between NICs and lwIP interfaces (net/netif.c), used by net/stack.c. */
#ifndef UNI_NET_NETIF_H
#define UNI_NET_NETIF_H

struct netif;
struct uni_nic;

/* An lwIP interface for nic, up, without an address yet. */
struct netif *uni_netif_add(struct uni_nic *nic);
/* Feeds up to 'budget' received frames per NIC into lwIP; returns 1 if more wait. */
int uni_netif_receive(int budget);
/* Writes /etc/resolv.conf and /etc/hosts from the configuration (net/config.c). */
void uni_net_write_etc(struct netif *nif);

/* Adds /proc/net/uni (net/counters.c). */
void uni_net_counters_publish(void);

#endif
