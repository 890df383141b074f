/* main.c: uni-run IMAGE [ARG...]: boot a uni image (or run a linux-platform build) like `docker run`. */
#include "run.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	struct run_opts o;
	struct image im;
	uni_init(argv[0], "uni-run", RUN_EXIT_ERROR);
	/* Fill closed standard descriptors, so pipes never land on 0-2 and get handed on as them. */
	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) != fd)
			uni_die("start: cannot open /dev/null for a closed standard descriptor "
				"(fix: create /dev/null)");
	opts_parse(&o, argc, argv);
	image_open(&im, o.image);
	image_validate(&im, &o);
	if (!o.cpus)
		o.cpus = im.cpus ? im.cpus : 1;
	net_plan(&o, &im);
	if (o.gdb_port && im.kind == IMAGE_LINUX)
		uni_die("--gdb: %s is a linux build, an ordinary executable (fix: run gdb on it "
			"directly)", o.image);
	if (o.trace && im.kind != IMAGE_PVH)
		uni_die("--trace: %s is a %s build, whose syscalls go to Linux, not to uni's "
			"runtime (fix: trace it with strace, or link it for the pvh platform)", o.image,
			 im.kind == IMAGE_LINUX ? "linux" : "linux-microvm");
	if (im.kind == IMAGE_LINUX)
		return native_run(&o, &im);
	const char *why, *accel = accel_choose(&o, &im, &why);
	if (o.gdb_port && strcmp(accel, "process") == 0) {
		/* QEMU's gdb server needs a VM; a process is debugged by running gdb on it. */
		if (strcmp(o.accel, "process") == 0)
			uni_die("--gdb: attaches to a VM, and --accel process runs no VM (fix: run "
				"the image under gdb itself: UNI_DIRECT=1 gdb -ex 'handle SIGSYS "
				"SIG34 SIG35 SIG36 nostop noprint pass' --args %s ARG..., "
				"docs/DEBUGGING.md)", o.image);
		accel = "tcg";
		why = "--gdb needs a VM";
	}
	if (o.gdb_port)
		fprintf(stderr, "uni-run: the VM waits for gdb on 127.0.0.1:%d; attach with: gdb %s -ex "
			"'target remote :%d' (then: break main, continue)\n", o.gdb_port, o.image, o.gdb_port);
	if (o.verbose)
		fprintf(stderr, "uni-run: accelerator %s (%s)\n", accel, why);
	if (strcmp(accel, "process") == 0)
		o.net.passt = 1;   /* the process platform's user network is always passt's */
	net_passt_static(&o.net);
	return strcmp(accel, "process") == 0 ? process_run(&o, &im) : vm_run(&o, &im, accel);
}
