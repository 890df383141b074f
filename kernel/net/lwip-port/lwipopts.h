/* lwIP configuration shared by liblwip.a and the runtime's network layer (kernel/net): both
 * are compiled with this file, so the structures they share agree. NO_SYS: the runtime calls
 * the raw API itself under its own lock and runs lwIP's timers from its network thread. */
#ifndef UNI_LWIPOPTS_H
#define UNI_LWIPOPTS_H

#include <stddef.h>

#define NO_SYS 1
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_NETIF_API 0
#define SYS_LIGHTWEIGHT_PROT 0

/* x86_64: 8-byte alignment (the default of 1 misaligns pbuf payloads, docs/HARDWARE.md). */
#define MEM_ALIGNMENT 8

/* Memory: everything from the runtime's allocator, so the number of connections and
 * buffers is bounded by guest RAM, not by compile-time pools. */
void *uni_lwip_malloc(size_t n);
void *uni_lwip_calloc(size_t n, size_t size);
void uni_lwip_free(void *p);
#define MEM_CUSTOM_ALLOCATOR 1
#define MEM_CUSTOM_MALLOC uni_lwip_malloc
#define MEM_CUSTOM_CALLOC uni_lwip_calloc
#define MEM_CUSTOM_FREE uni_lwip_free
#define MEMP_MEM_MALLOC 1
#define PBUF_POOL_SIZE 512

/* Protocols: IPv4, ARP, ICMP, UDP, TCP, DHCP; DNS only to learn the servers DHCP offers
 * (programs resolve names with musl over UDP). PPP, SNMP, mDNS and SMTP are not built. */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 0
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DHCP 1
#define LWIP_ACD 0
#define LWIP_DHCP_DOES_ACD_CHECK 0
#define LWIP_DNS 1
#define DNS_MAX_SERVERS 2
#define LWIP_IGMP 0
#define IP_REASSEMBLY 1
#define IP_FRAG 1
#define PPP_SUPPORT 0
#define LWIP_SNMP 0
#define LWIP_MDNS_RESPONDER 0

/* 127.0.0.1 and the guest's own addresses loop back inside the stack. */
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_HAVE_LOOPIF 1
#define LWIP_LOOPBACK_MAX_PBUFS 0
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 1
#define LWIP_NETIF_HOSTNAME 1

/* TCP for servers: many connections, large windows (scaled), a real listen backlog. */
#define TCP_MSS 1460
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 3
#define TCP_WND (256 * 1024)
#define TCP_SND_BUF (256 * 1024)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_SNDLOWAT 32768   /* a u16_t in lwIP */
#define TCP_LISTEN_BACKLOG 1
#define TCP_DEFAULT_LISTEN_BACKLOG 128
#define LWIP_TCP_KEEPALIVE 1
#define SO_REUSE 1
#define TCP_QUEUE_OOSEQ 1
#define LWIP_TCP_SACK_OUT 0
#define TCP_OVERSIZE TCP_MSS
/* Initial sequence numbers that cannot be predicted (RFC 6528, kernel/net/tcp_isn.c) instead of
 * lwIP's 6510 plus its tick count. */
#define LWIP_HOOK_FILENAME "uni_lwip_hooks.h"
#define LWIP_HOOK_TCP_ISN uni_tcp_isn

/* Counters, read by /proc/net/uni (kernel/net/counters.c). */
#define LWIP_STATS 1
#define LWIP_STATS_DISPLAY 0
#define LWIP_STATS_LARGE 1   /* 32-bit counters: 16 bits wrap within seconds of load */
#define MEM_STATS 1
#define MEMP_STATS 1
#define LINK_STATS 1
#define ETHARP_STATS 1
#define IP_STATS 1
#define ICMP_STATS 1
#define UDP_STATS 1
#define TCP_STATS 1

#define LWIP_DEBUG 0
#define LWIP_NOASSERT_ON_ERROR 0

#endif
