/* IPv4 addresses between struct sockaddr_in and lwIP, and lwIP errors as errno values. */
#ifndef UNI_NET_INET_H
#define UNI_NET_INET_H

#include <sys/socket.h>
#include "lwip/err.h"
#include "lwip/ip_addr.h"

/* 0, or -EINVAL (short), -EAFNOSUPPORT (not AF_INET). */
int uni_inet_from(const struct sockaddr *a, socklen_t len, ip_addr_t *ip, u16_t *port);
/* Writes at most *len bytes of the address to a and sets *len to the full size. */
void uni_inet_to(const ip_addr_t *ip, u16_t port, struct sockaddr *a, socklen_t *len);
int uni_lwip_errno(err_t e);

#endif
