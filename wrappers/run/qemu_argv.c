/* qemu_argv.c: the QEMU command line for booting an image (pvh or linux-microvm). */
#include "run.h"

#include <string.h>

/* The machine, without the devices QEMU adds by default, and the CPU. */
static void machine_args(struct strv *a, const struct run_opts *o, const struct vm_conf *c)
{
	/*
	 * microvm without firmware extras boots a PVH ELF in ~25 ms. auto-kernel-cmdline=off keeps
	 * QEMU from appending virtio_mmio.device=... to our command line (it would land in argv).
	 */
	strv_push(a, "-M");
	if (c->im->kind == IMAGE_MICROVM)
		/* Debian's kernel finds its interrupt controllers (MADT) and, later, virtio-mmio
		 * devices only through ACPI; without ACPI it hangs at boot. */
		strv_push(a, "microvm,x-option-roms=off,acpi=on,auto-kernel-cmdline=off");
	else if (strcmp(o->machine, "q35") == 0)
		/* For the guest's virtio-pci driver: SeaBIOS boots the PVH image through its option
		 * ROM (~50-100 ms more under TCG). No SATA, SMBus or VMware port: bus 0 holds the bridges and NICs. */
		strv_push(a, "q35,vmport=off,smbus=off,sata=off");
	else
		strv_push(a, "microvm,x-option-roms=off,pit=off,pic=off,rtc=off,acpi=off,auto-kernel-cmdline=off");
	strv_push(a, "-nodefaults");
	strv_push(a, "-no-user-config");
	/* -nographic makes SeaBIOS (q35) copy its banner to COM1, our stdout; -display none and
	 * -nodefaults already leave no screen. */
	if (strcmp(o->machine, "q35") != 0)
		strv_push(a, "-nographic");
	strv_push(a, "-display");
	strv_push(a, "none");
	strv_push(a, "-no-reboot");
	strv_push(a, "-accel");
	strv_push(a, c->accel);
	/* Under this host's KVM, plain -cpu host aborts QEMU on MSR 0x10a (docs/HARDWARE.md). */
	strv_push(a, "-cpu");
	strv_push(a, strcmp(c->accel, "kvm") == 0 ? "host,-arch-capabilities" : "max");
	strv_push(a, "-m");
	strv_push(a, o->mem);
	if (o->cpus > 1) {
		strv_push(a, "-smp");
		strv_pushf(a, "%d", o->cpus);
	}
}

/* What boots: the kernel, the boot module (-initrd) and the command line. */
static void boot_args(struct strv *a, const struct run_opts *o, const struct vm_conf *c)
{
	strv_push(a, "-kernel");
	if (c->im->kind == IMAGE_MICROVM) {
		/* The output of linux-microvm is the initramfs (with the volumes appended when there
		 * are any); the kernel is Debian's, from the sysroot. */
		strv_push(a, c->im->kernel);
		strv_push(a, "-initrd");
		strv_push(a, c->volumes ? c->volumes : o->image);
	} else {
		strv_push(a, c->kernel);
		if (c->volumes) {
			/* PVH hands the -initrd file to the guest as its one boot module. */
			strv_push(a, "-initrd");
			strv_push(a, c->volumes);
		}
	}
	strv_push(a, "-append");
	strv_push(a, c->append);
}

/* The guest's channels to uni-run: its exit port, COM1, COM2 and the control port. */
static void channel_args(struct strv *a, const struct vm_conf *c)
{
	strv_push(a, "-device");
	strv_pushf(a, "isa-debug-exit,iobase=%#x,iosize=4", UNI_PORT_DEBUG_EXIT);
	/*
	 * COM1: QEMU's own fd 0 and fd 1 are the console. uni-run gives it a pipe as fd 0 (framed
	 * stdin) and the user's stdout as fd 1, so guest output reaches it without a copy.
	 * signal=off: ^C is uni-run's business, not a byte for QEMU's console.
	 */
	strv_push(a, "-chardev");
	strv_push(a, "stdio,id=con,signal=off");
	strv_push(a, "-serial");
	strv_push(a, "chardev:con");
	/* COM2 at its standard port and IRQ (microvm builds only COM1 from -serial); a socket,
	 * so that uni-run can also answer the guest's "clock" record and send it signals on it. */
	strv_push(a, "-chardev");
	strv_pushf(a, "socket,id=err,fd=%d", c->err_fd);
	strv_push(a, "-device");
	strv_pushf(a, "isa-serial,chardev=err,iobase=%#x,irq=%d", UNI_PORT_COM2, UNI_COM2_IRQ);
	/* Control records (uni/abi.h). */
	strv_push(a, "-chardev");
	strv_pushf(a, "file,id=ctl,path=/dev/fd/%d", c->ctl_fd);
	strv_push(a, "-device");
	strv_pushf(a, "isa-debugcon,iobase=%#x,chardev=ctl", UNI_PORT_CONTROL);
}

/*
 * The virtio console (pvh; docs/ARCHITECTURE.md, Console): a virtio-serial device whose port 1,
 * a virtserialport (port 0 would be a virtconsole, which drops output uni-run is not ready
 * for), is a socket to uni-run. Added after the NICs, so their slots and addresses stay.
 */
static void vcon_args(struct strv *a, const struct run_opts *o, const struct vm_conf *c)
{
	if (c->con_fd < 0)
		return;
	strv_push(a, "-device");
	strv_push(a, strcmp(o->machine, "q35") == 0 ? "virtio-serial-pci,disable-legacy=on,max_ports=2"
						    : "virtio-serial-device,max_ports=2");
	strv_push(a, "-chardev");
	strv_pushf(a, "socket,id=vcon,fd=%d", c->con_fd);
	strv_push(a, "-device");
	strv_pushf(a, "virtserialport,chardev=vcon,nr=%d", UNI_VCON_PORT);
}

void qemu_argv_build(struct strv *a, const struct run_opts *o, const struct vm_conf *c)
{
	strv_push(a, o->qemu);
	machine_args(a, o, c);
	boot_args(a, o, c);
	channel_args(a, c);
	/* microvm's virtio-mmio is legacy (version 1) by default; the guest drives version 2, the
	 * modern interface it also drives on PCI. */
	if (strcmp(o->machine, "q35") != 0 && c->im->kind == IMAGE_PVH) {
		strv_push(a, "-global");
		strv_push(a, "virtio-mmio.force-legacy=false");
	}
	qemu_net_args(a, o, c->net_fd);
	vcon_args(a, o, c);
	/* Last of the devices, so the NICs' and the console's slots and addresses stay. */
	qemu_volume_args(a, o, c->im, o->net.n_nics + (c->con_fd >= 0));
	if (o->gdb_port) {
		/* Paused before the first instruction until gdb says continue. */
		strv_push(a, "-gdb");
		strv_pushf(a, "tcp:127.0.0.1:%d", o->gdb_port);
		strv_push(a, "-S");
	}

	for (size_t i = 0; i < o->qemu_args.n; i++)
		strv_push(a, o->qemu_args.v[i]);
}
