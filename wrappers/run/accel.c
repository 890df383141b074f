/* accel.c: how to run a uni image: KVM only when this process can really create a VM, else the
 * process platform, else TCG for what the process platform cannot do yet. */
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

/* Why the process platform cannot run this image with these options, or NULL. Unless asked
 * for, a networked image runs in a VM: the process platform's NIC is a host descriptor read
 * by the runtime, not a virtio device (docs/PLATFORMS.md). */
static const char *process_problem(const struct run_opts *o, const struct image *im, int asked)
{
	if (im->kind != IMAGE_PVH)
		return "a linux-microvm image boots a Linux kernel";
	if (!(im->platforms & UNI_PLATFORM_PROCESS))
		return "the image does not declare the process platform in its ABI note";
	if (!asked && o->net.n_nics)
		return "the image has a network, and auto keeps networked images in a VM (--accel process runs them here)";
	if (o->net.n_nics > 1)
		return "the process platform has one NIC";
	if (o->net.prefix)
		return "a static --ip (the process platform's user network gives its address by DHCP)";
	if (o->net.n_nics && o->net.nics[0].kind == NIC_USER && o->net.user_net &&
	    strcmp(o->net.user_net, "slirp") == 0)
		return "--user-net slirp is QEMU's user network; the process platform's is passt";
	if (o->net.n_nics && o->net.nics[0].kind == NIC_USER && !passt_available())
		return "its user-mode network needs passt (Debian package passt; ./build.sh installs it)";
	if (o->qemu_args.n || strcmp(o->machine, "microvm"))
		return "QEMU options were given (--machine, --qemu-arg)";
	return NULL;
}

const char *accel_choose(const struct run_opts *o, const struct image *im, const char **why)
{
	static char because[256];
	const char *want = o->accel;
	if (strcmp(want, "tcg") == 0) {
		*why = "asked for";
		return "tcg";
	}
	if (strcmp(want, "process") == 0) {
		const char *p = process_problem(o, im, !o->accel_from_env);
		if (!p) {
			*why = "asked for";
			return "process";
		}
		/* UNI_ACCEL=process (a test matrix, a CI job) still runs what only a VM can. */
		if (!o->accel_from_env)
			uni_die("--accel process: %s (fix: use --accel kvm or tcg)", p);
		want = "auto";
	}
	const char *problem = kvm_problem();
	if (strcmp(want, "kvm") == 0) {
		if (problem)
			uni_die("--accel kvm: KVM is not usable: %s (fix: use --accel tcg or auto)", problem);
		*why = "asked for";
		return "kvm";
	}
	if (im->kind == IMAGE_MICROVM) {
		/* Under this host's KVM (PVM) Debian's kernel does not boot, while TCG boots it in ~2 s
		 * (docs/PLATFORMS.md). */
		*why = "auto for a linux-microvm image: Debian's kernel does not boot under KVM on PVM "
		       "hosts; --accel kvm to try it anyway";
		return "tcg";
	}
	/* PVM (a paravirtualized nested hypervisor) runs guest ring 0 in an emulator; on the PVM
	 * hosts measured here the image's ring-0 service calls fault (docs/PLATFORMS.md), so auto
	 * does not pick it; --accel kvm still does. */
	if (!problem && access("/sys/module/kvm_pvm", F_OK) == 0)
		problem = "/dev/kvm is PVM, under which the image's ring-0 services fault";
	if (!problem) {
		*why = "/dev/kvm can create a VM";
		return "kvm";
	}
	const char *p = process_problem(o, im, 0);
	snprintf(because, sizeof because, "KVM is not usable (%s)%s%s", problem,
		 p ? " and the process platform cannot: " : "", p ? p : "");
	*why = because;
	return p ? "tcg" : "process";
}

int accel_takes_signals(const char *accel)
{
	return strcmp(accel, "kvm") != 0 || access("/sys/module/kvm_pvm", F_OK) != 0;
}
