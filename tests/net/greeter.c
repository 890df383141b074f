/* greeter: a server that speaks first, as SMTP, SSH and database servers do: on port 80 it
 * greets each of N connections (default 10) with "220 uni greeter N" before reading anything,
 * then waits for the client's line and closes. Prints "serving" once listening. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10, on = 1;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80) };
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 16)) {
		perror("greeter: socket/bind/listen");
		return 1;
	}
	printf("serving\n");
	fflush(stdout);
	for (int i = 1; i <= n; i++) {
		int c = accept(s, NULL, NULL);
		if (c < 0) {
			perror("greeter: accept");
			return 1;
		}
		char msg[64], line[64];
		int len = snprintf(msg, sizeof msg, "220 uni greeter %d\r\n", i);
		if (write(c, msg, (size_t)len) != len || read(c, line, sizeof line) <= 0) {
			perror("greeter: write or read");
			return 1;
		}
		close(c);
	}
	return 0;
}
