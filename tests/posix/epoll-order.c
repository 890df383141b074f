/* epoll-order.c: the order epoll_wait reports ready descriptors in, which servers act on (redis
 * serves a blocking XREAD that arrived first before a SET that came after on an older
 * connection). Linux reports them in the order they became ready, not the order they were
 * added; a level-triggered one reported goes behind those that became ready meanwhile, and
 * more data on a descriptor already waiting does not move it. */
#include <stdio.h>
#include <sys/epoll.h>
#include <unistd.h>

#define N 4

static int ep, p[N][2];

static void wait_and_print(const char *what)
{
	struct epoll_event ev[N];
	int n = epoll_wait(ep, ev, N, 0);
	printf("%s:", what);
	for (int i = 0; i < n; i++)
		printf(" p%d", (int)ev[i].data.u32);
	printf("\n");
}

int main(void)
{
	ep = epoll_create1(0);
	for (int i = 0; i < N; i++) {
		pipe(p[i]);
		struct epoll_event e = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
		epoll_ctl(ep, EPOLL_CTL_ADD, p[i][0], &e);
	}
	write(p[2][1], "a", 1);
	write(p[0][1], "a", 1);
	write(p[3][1], "a", 1);
	wait_and_print("became ready 2, 0, 3");
	write(p[1][1], "a", 1);
	write(p[0][1], "b", 1);
	wait_and_print("then 1 and more on 0");
	char c[2];
	read(p[2][0], c, 1);
	write(p[2][1], "c", 1);
	wait_and_print("2 drained and ready again");
	struct epoll_event one[1];
	epoll_wait(ep, one, 1, 0);
	wait_and_print("after taking one alone");
	return 0;
}
