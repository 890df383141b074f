/* client: resolves NAME with getaddrinfo (musl's resolver, over UDP to the servers in
 * /etc/resolv.conf), then checks a TCP round trip and UDP round trips with the echo server at
 * NAME:PORT. Prints what it found; exits 0 when everything came back intact. */
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: client NAME PORT\n");
		return 2;
	}
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *ai;
	int r = getaddrinfo(argv[1], argv[2], &hints, &ai);
	if (r) {
		printf("getaddrinfo %s: %s\n", argv[1], gai_strerror(r));
		return 1;
	}
	struct sockaddr_in *sin = (struct sockaddr_in *)ai->ai_addr;
	printf("resolved %s to %s\n", argv[1], inet_ntoa(sin->sin_addr));

	int t = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(t, ai->ai_addr, ai->ai_addrlen)) {
		perror("connect");
		return 1;
	}
	char big[100000], back[100000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7 + i / 251);
	if (write(t, big, sizeof big) != (ssize_t)sizeof big) {
		perror("write");
		return 1;
	}
	shutdown(t, SHUT_WR);
	size_t got = 0;
	ssize_t n;
	while (got < sizeof back && (n = read(t, back + got, sizeof back - got)) > 0)
		got += (size_t)n;
	printf("tcp: sent %zu, echoed %zu, %s\n", sizeof big, got, got == sizeof big && !memcmp(big, back, got) ? "equal" : "DIFFERENT");
	if (got != sizeof big || memcmp(big, back, got))
		return 1;
	close(t);

	int u = socket(AF_INET, SOCK_DGRAM, 0);
	struct timeval tv = { 2, 0 };
	setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	int ok = 0;
	for (int i = 0; i < 20; i++) {
		char msg[64], in[64];
		int len = snprintf(msg, sizeof msg, "datagram %d", i);
		if (sendto(u, msg, (size_t)len, 0, ai->ai_addr, ai->ai_addrlen) != len)
			continue;
		struct sockaddr_in from;
		socklen_t fl = sizeof from;
		n = recvfrom(u, in, sizeof in, 0, (struct sockaddr *)&from, &fl);
		ok += n == len && !memcmp(in, msg, (size_t)len) && from.sin_port == sin->sin_port;
	}
	printf("udp: %d of 20 round trips\n", ok);
	freeaddrinfo(ai);
	return ok >= 18 ? 0 : 1;   /* UDP may lose a datagram; nearly all must come back */
}
