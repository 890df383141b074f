/* ports.c: host ports for -p: check that a port is free, or pick a free one, before booting. */
#include "run.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

int port_bind(uint32_t ip, int *port, const char *proto, const char *spec)
{
	int udp = strcmp(proto, "udp") == 0;
	int s = socket(AF_INET, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
	if (s < 0)
		uni_die("-p '%s': socket: %s (fix: close files or raise ulimit -n)", spec, strerror(errno));
	/* QEMU's TCP forwards listen with SO_REUSEADDR, so a port that only has connections in
	 * TIME_WAIT works for QEMU and must pass here; a listener still conflicts. UDP sockets
	 * with SO_REUSEADDR could share a port, so UDP is checked without it. */
	int one = 1;
	if (!udp && setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
		uni_die("-p '%s': setsockopt: %s (fix: retry; report it if it repeats)", spec, strerror(errno));
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)*port),
				  .sin_addr.s_addr = htonl(ip) };
	if (bind(s, (struct sockaddr *)&sa, sizeof sa) != 0) {
		int e = errno;
		char *where = uni_strf("%s:%d/%s", ipv4_str(ip), *port, proto);
		if (e == EADDRINUSE)
			uni_die("-p '%s': host port %s is already in use (fix: stop what uses it "
				"(ss -lntup shows it) or choose another host port)", spec, where);
		if (e == EACCES)
			uni_die("-p '%s': binding host port %s needs root (ports below 1024, see "
				"sysctl net.ipv4.ip_unprivileged_port_start) (fix: choose a port "
				"of 1024 or more)", spec, where);
		if (e == EADDRNOTAVAIL)
			uni_die("-p '%s': %s is not an address of this host (fix: give one of its "
				"addresses, 127.0.0.1 or 0.0.0.0)", spec, ipv4_str(ip));
		uni_die("-p '%s': cannot bind host port %s: %s (fix: choose another host port)", spec, where, strerror(e));
	}
	socklen_t len = sizeof sa;
	if (getsockname(s, (struct sockaddr *)&sa, &len) != 0)
		uni_die("-p '%s': getsockname: %s (fix: retry; report it if it repeats)", spec, strerror(errno));
	*port = ntohs(sa.sin_port);
	return s;
}
