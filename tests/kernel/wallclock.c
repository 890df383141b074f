/* wallclock.c: the guest side of tests/kernel/wallclock.test: for each byte read from stdin,
 * prints its CLOCK_REALTIME in ns at once; ends at end of file. It waits with poll(0) in a
 * loop, never idling: a byte is seen at once (an idle console read polls every millisecond),
 * and on PVM hosts the runtime's idle path faults (its cli/sti in ring 3). */
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	char c;
	printf("ready\n");
	fflush(stdout);
	struct pollfd p = { 0, POLLIN, 0 };
	for (;;) {
		while (poll(&p, 1, 0) == 0)
			;
		if (read(0, &c, 1) != 1)
			break;
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		printf("%lld\n", (long long)t.tv_sec * 1000000000LL + t.tv_nsec);
		fflush(stdout);
	}
	return 0;
}
