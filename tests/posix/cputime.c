/* cputime.c: the CPU time a program reads (getrusage, times, clock_gettime of
 * CLOCK_PROCESS_CPUTIME_ID) counts from the program's start: one line per source, 1 when it is
 * below 60 s (the program has run for less). times' return value and sysinfo's uptime count from
 * Linux's boot, so they are not compared. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct rusage u;
	struct tms t;
	struct timespec cpu;
	getrusage(RUSAGE_SELF, &u);
	times(&t);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	printf("getrusage ru_utime below 60 s: %d\n", u.ru_utime.tv_sec + u.ru_stime.tv_sec < 60);
	printf("times tms_utime below 60 s: %d\n", (t.tms_utime + t.tms_stime) / sysconf(_SC_CLK_TCK) < 60);
	printf("CLOCK_PROCESS_CPUTIME_ID below 60 s: %d\n", cpu.tv_sec < 60);
	return 0;
}
