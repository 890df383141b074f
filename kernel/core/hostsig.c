/* Signals from outside the image: uni-run forwards SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and
 * SIGUSR2 (the process platform takes them from the host directly). The platform notes their
 * arrival as a device interrupt; the scheduler then takes them here and sends each to the
 * program as kill(2) from another process would: a handler runs, an ignored one is dropped, a
 * blocked one waits (sigwait, signalfd), and the default action ends the program quietly with
 * status 128+N, as a shell reports a Linux process killed by the signal (syscall/signal.c: no
 * crash report, nothing crashed). */
#include <signal.h>
#include "uni/platform.h"
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/signal.h"

volatile int uni_hostsig_irq;
int uni_hostsig_offered;
uint64_t uni_hostsig_sent;

void uni_hostsig_start(void)
{
	if (!uni_plat->signal_take)
		return;
	/* The platform opens its channel; it declines where ring 3 cannot take interrupts. */
	if (uni_plat->signals_init && uni_plat->signals_init())
		return;
	/* A busy program must be interruptible too: ring 3 takes interrupts from now on (should
	 * that fail, signals still arrive whenever the CPU idles). */
	uni_sched_start_irqs();
}

void uni_hostsig_poll(void)
{
	if (!uni_plat->signal_take || !__atomic_exchange_n(&uni_hostsig_irq, 0, __ATOMIC_ACQ_REL))
		return;
	int sig;
	while ((sig = uni_plat->signal_take()) > 0) {
		if (sig > 64)
			continue;
		__atomic_or_fetch(&uni_hostsig_sent, 1ull << (sig - 1), __ATOMIC_RELAXED);
		uni_signal_raise(sig, SI_USER);
	}
}
