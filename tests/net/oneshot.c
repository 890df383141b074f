/* oneshot: answers N HTTP requests on port 80 with a fixed body, then exits 0. Used to boot
 * the network stack on each QEMU machine (virtio-mmio on microvm, virtio-pci on q35). */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1, on = 1;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80) };
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 16)) {
		perror("oneshot: socket/bind/listen");
		return 1;
	}
	printf("serving\n");
	fflush(stdout);
	for (int i = 0; i < n; i++) {
		int c = accept(s, NULL, NULL);
		if (c < 0) {
			perror("oneshot: accept");
			return 1;
		}
		char buf[2048];
		if (read(c, buf, sizeof buf) <= 0)
			return 1;
		const char *r = "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nhello\n";
		if (write(c, r, strlen(r)) != (ssize_t)strlen(r))
			return 1;
		close(c);
	}
	return 0;
}
