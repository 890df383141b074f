/* IPv4 socket addresses between the program's struct sockaddr_in and lwIP's ip_addr_t. The
 * lengths come from the program: checked here, never trusted. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include "net/inet.h"

int uni_inet_from(const struct sockaddr *a, socklen_t len, ip_addr_t *ip, u16_t *port)
{
	struct sockaddr_in in;
	if (!a || len < (socklen_t)sizeof(sa_family_t))
		return -EINVAL;
	if (a->sa_family != AF_INET)
		return -EAFNOSUPPORT;
	if (len < (socklen_t)sizeof in)
		return -EINVAL;
	memcpy(&in, a, sizeof in);
	ip_addr_set_ip4_u32_val(*ip, in.sin_addr.s_addr);
	*port = lwip_ntohs(in.sin_port);
	return 0;
}

void uni_inet_to(const ip_addr_t *ip, u16_t port, struct sockaddr *a, socklen_t *len)
{
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = lwip_htons(port) };
	in.sin_addr.s_addr = ip ? ip4_addr_get_u32(ip_2_ip4(ip)) : 0;
	if (a && len) {
		socklen_t n = *len < (socklen_t)sizeof in ? *len : (socklen_t)sizeof in;
		memcpy(a, &in, n);
	}
	if (len)
		*len = sizeof in;
}

int uni_lwip_errno(err_t e)
{
	switch (e) {
	case ERR_OK: return 0;
	case ERR_MEM: case ERR_BUF: return ENOMEM;
	case ERR_TIMEOUT: return ETIMEDOUT;
	case ERR_RTE: return EHOSTUNREACH;
	case ERR_INPROGRESS: return EINPROGRESS;
	case ERR_VAL: case ERR_ARG: return EINVAL;
	case ERR_WOULDBLOCK: return EWOULDBLOCK;
	case ERR_USE: return EADDRINUSE;
	case ERR_ALREADY: return EALREADY;
	case ERR_ISCONN: return EISCONN;
	case ERR_CONN: return ENOTCONN;
	case ERR_IF: return ENETUNREACH;
	case ERR_ABRT: return ECONNABORTED;
	case ERR_RST: return ECONNRESET;
	case ERR_CLSD: return ENOTCONN;
	default: return EIO;
	}
}
