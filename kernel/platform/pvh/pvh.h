/* What the pvh binding's files share: local APIC IPIs and starting the other CPUs. */
#ifndef UNI_PVH_H
#define UNI_PVH_H

/* Sends vector to the CPU with LAPIC ID apic_id, or to all others when apic_id is -1. */
void uni_pvh_ipi(int apic_id, int vector);
/* INIT and start-up IPIs to CPUs 1..n-1 (uni/platform.h start_cpus). */
int uni_pvh_start_cpus(int n);

#endif
