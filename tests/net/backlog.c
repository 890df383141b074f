/* backlog: listens on port 80 with a backlog of 2 and accepts nothing for DELAY seconds, so
 * connections beyond the backlog are refused at the SYN (and retried by their sender); then
 * answers N connections with one line each and exits 0. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 8, delay = argc > 2 ? atoi(argv[2]) : 3, on = 1;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80) };
	if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 2)) {
		perror("backlog: bind/listen");
		return 1;
	}
	printf("serving\n");
	fflush(stdout);
	sleep((unsigned)delay);
	for (int i = 0; i < n; i++) {
		int c = accept(s, NULL, NULL);
		if (c < 0)
			return 1;
		char line[32];
		int len = snprintf(line, sizeof line, "connection %d\n", i);
		if (write(c, line, (size_t)len) != len)
			return 1;
		close(c);
	}
	printf("answered %d\n", n);
	return 0;
}
