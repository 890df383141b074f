/* Events: poll and select over pipes, epoll level- and edge-triggered, EPOLLONESHOT,
 * eventfd (counter and semaphore), timerfd (one-shot and periodic, in epoll), and a
 * thread waking an epoll waiter through a pipe. */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/timerfd.h>
#include <unistd.h>

static int p[2];

static void *writer(void *a)
{
	(void)a;
	usleep(20000);
	write(p[1], "late", 4);
	return 0;
}

int main(void)
{
	char buf[64];
	pipe(p);
	struct pollfd pf[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
	int r = poll(pf, 2, 0);
	printf("poll empty pipe: %d in=%d out=%d\n", r, pf[0].revents & POLLIN, !!(pf[1].revents & POLLOUT));
	write(p[1], "abc", 3);
	r = poll(pf, 1, 100);
	printf("poll after write: %d in=%d\n", r, !!(pf[0].revents & POLLIN));
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	struct timeval tv = { 0, 0 };
	r = select(p[0] + 1, &rd, 0, 0, &tv);
	printf("select: %d isset=%d\n", r, FD_ISSET(p[0], &rd));

	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 }, out[4];
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	int n1 = epoll_wait(ep, out, 4, 0), n2 = epoll_wait(ep, out, 4, 0);
	printf("epoll level: %d %d data=%llu\n", n1, n2, (unsigned long long)out[0].data.u64);
	ev.events = EPOLLIN | EPOLLET;
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
	n1 = epoll_wait(ep, out, 4, 0);
	n2 = epoll_wait(ep, out, 4, 0);
	write(p[1], "d", 1);
	int n3 = epoll_wait(ep, out, 4, 0);
	printf("epoll edge: %d %d after new data %d\n", n1, n2, n3);
	read(p[0], buf, sizeof buf);
	ev.events = EPOLLIN | EPOLLONESHOT;
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
	write(p[1], "e", 1);
	n1 = epoll_wait(ep, out, 4, 0);
	n2 = epoll_wait(ep, out, 4, 0);
	printf("epoll oneshot: %d %d\n", n1, n2);
	read(p[0], buf, sizeof buf);
	n1 = epoll_ctl(ep, EPOLL_CTL_DEL, p[0], 0);
	n2 = epoll_ctl(ep, EPOLL_CTL_DEL, p[0], 0);
	printf("epoll del: %d, again: %d\n", n1, n2);

	int efd = eventfd(3, EFD_NONBLOCK);
	uint64_t v;
	read(efd, &v, 8);
	ssize_t again = read(efd, &buf, 8);
	printf("eventfd read %llu, then %zd\n", (unsigned long long)v, again);
	int sfd = eventfd(2, EFD_SEMAPHORE);
	read(sfd, &v, 8);
	printf("eventfd semaphore %llu\n", (unsigned long long)v);
	v = 5;
	write(efd, &v, 8);
	ev.events = EPOLLIN;
	ev.data.u64 = 9;
	epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
	n1 = epoll_wait(ep, out, 4, 0);
	printf("epoll eventfd: %d data=%llu\n", n1, (unsigned long long)out[0].data.u64);
	epoll_ctl(ep, EPOLL_CTL_DEL, efd, 0);

	int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct itimerspec its = { { 0, 10000000 }, { 0, 30000000 } };
	timerfd_settime(tfd, 0, &its, 0);
	ev.data.u64 = 11;
	epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
	n1 = epoll_wait(ep, out, 4, 1000);
	read(tfd, &v, 8);
	printf("timerfd in epoll: %d data=%llu expirations>=1 %d\n", n1, (unsigned long long)out[0].data.u64, v >= 1);
	usleep(35000);
	read(tfd, &v, 8);
	printf("timerfd periodic: expirations>=3 %d\n", v >= 3);
	epoll_ctl(ep, EPOLL_CTL_DEL, tfd, 0);
	struct itimerspec zero = { { 0, 0 }, { 0, 0 } };
	timerfd_settime(tfd, 0, &zero, 0);

	ev.data.u64 = 13;
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	pthread_t t;
	pthread_create(&t, 0, writer, 0);
	n1 = epoll_wait(ep, out, 4, 5000);
	int got = (int)read(p[0], buf, sizeof buf);
	pthread_join(t, 0);
	printf("epoll woken by a thread: %d data=%llu read %d\n", n1, (unsigned long long)out[0].data.u64, got);
	printf("poll timeout: %d\n", poll(pf, 1, 30));
	return 0;
}
