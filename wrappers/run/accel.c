/* accel.c: choose KVM or TCG: KVM only when this process can really create a VM. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Returns NULL when KVM works, else why not. */
static const char *kvm_problem(void)
{
	static char why[128];
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		snprintf(why, sizeof why, "/dev/kvm: %s", strerror(errno));
		return why;
	}
	/* /dev/kvm can exist and open yet refuse VMs (module loaded without VT-x, nested limits). */
	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		snprintf(why, sizeof why, "KVM_CREATE_VM: %s", strerror(errno));
	else
		close(vm);
	close(kvm);
	return vm < 0 ? why : NULL;
}

const char *accel_choose(const char *want, const char **why)
{
	if (strcmp(want, "tcg") == 0) {
		*why = "asked for";
		return "tcg";
	}
	const char *problem = kvm_problem();
	if (strcmp(want, "kvm") == 0) {
		if (problem)
			run_fail("--accel kvm: KVM is not usable: %s", problem);
		*why = "asked for";
		return "kvm";
	}
	*why = problem ? problem : "/dev/kvm can create a VM";
	return problem ? "tcg" : "kvm";
}
