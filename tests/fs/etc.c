/* etc.c: what /etc answers through libc: users and groups (getpwnam, getgrnam, getpwuid),
 * services and protocols by name, each argument resolved with getaddrinfo (IPv4), then
 * /etc/hosts itself. */
#include <grp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/socket.h>

static void user(const char *name)
{
	struct passwd *p = getpwnam(name);
	if (p)
		printf("user %s: uid %d gid %d home %s shell %s\n", name, (int)p->pw_uid, (int)p->pw_gid, p->pw_dir, p->pw_shell);
	else
		printf("user %s: none\n", name);
}

static void group(const char *name)
{
	struct group *g = getgrnam(name);
	if (g)
		printf("group %s: gid %d\n", name, (int)g->gr_gid);
	else
		printf("group %s: none\n", name);
}

static void service(const char *name, const char *proto)
{
	struct servent *s = getservbyname(name, proto);
	if (s)
		printf("service %s/%s: port %d\n", name, proto, ntohs((unsigned short)s->s_port));
	else
		printf("service %s/%s: none\n", name, proto);
}

int main(int argc, char **argv)
{
	user("root");
	user("nobody");
	user("www-data");
	user("_apt");
	struct passwd *p = getpwuid(1);
	printf("uid 1: %s\n", p ? p->pw_name : "none");
	group("nogroup");
	group("www-data");
	group("staff");
	service("http", "tcp");
	service("https", "tcp");
	service("domain", "udp");
	service("ssh", "tcp");
	service("postgresql", "tcp");
	struct servent *s = getservbyport(htons(22), "tcp");
	printf("port 22/tcp: %s\n", s ? s->s_name : "none");
	struct protoent *pr = getprotobyname("tcp");
	printf("protocol tcp: %d\n", pr ? pr->p_proto : -1);
	pr = getprotobyname("udp");
	printf("protocol udp: %d\n", pr ? pr->p_proto : -1);
	for (int i = 1; i < argc; i++) {
		struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *ai;
		int r = getaddrinfo(argv[i], NULL, &hints, &ai);
		char a[INET_ADDRSTRLEN] = "";
		if (!r) {
			inet_ntop(AF_INET, &((struct sockaddr_in *)ai->ai_addr)->sin_addr, a, sizeof a);
			freeaddrinfo(ai);
		}
		printf("host %s: %s\n", argv[i], r ? gai_strerror(r) : a);
	}
	FILE *f = fopen("/etc/hosts", "r");
	char line[256];
	while (f && fgets(line, sizeof line, f))
		printf("hosts| %s", line);
	return 0;
}
