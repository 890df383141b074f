/* The runtime's functions behind lwIP's hooks (LWIP_HOOK_FILENAME in lwipopts.h): lwIP's core
 * files include this after their own headers. */
#ifndef UNI_LWIP_HOOKS_H
#define UNI_LWIP_HOOKS_H

#include <stdint.h>
#include "lwip/ip_addr.h"

/* kernel/net/tcp_isn.c: RFC 6528 initial sequence numbers. */
uint32_t uni_tcp_isn(const ip_addr_t *local_ip, uint16_t local_port, const ip_addr_t *remote_ip,
		     uint16_t remote_port);

#endif
