/* The pvh binding (uni/platform.h): QEMU's virtio console or else its 16550 UARTs, and its
 * debug ports, for the console and exit, the local APIC for the timer and IPIs, and ring-0 services (uni/service.h) for
 * what ring 3 may not do itself: change page tables and halt. */
#include <stdint.h>
#include "uni/abi.h"
#include "uni/cpu.h"
#include "uni/io.h"
#include "uni/platform.h"
#include "uni/sched.h"
#include "uni/serial.h"
#include "uni/service.h"
#include "uni/signal.h"
#include "uni/virtio.h"
#include "pvh.h"
#include "uni/weak.h"

const struct uni_platform *uni_plat = &uni_platform_pvh;
_Static_assert(__builtin_offsetof(struct uni_platform, resume) == UNI_PLATFORM_RESUME, "layout.h");

static int vcon;   /* the virtio console carries fds 0-2; else COM1 and COM2 */

static void console_init(void)
{
	uni_serial_init(UNI_PORT_COM1);
}

static void record(const char *rec)
{
	for (; *rec; rec++)
		outb(UNI_PORT_CONTROL, (uint8_t)*rec);
	outb(UNI_PORT_CONTROL, '\n');
}

/* uni-run holds stdin back until the record that says where it goes: bytes sent earlier
 * would be lost (COM1) or wait in a device nobody reads yet. */
static void console_attach(void)
{
	vcon = uni_vcon_probe() == 0;
	record(vcon ? UNI_RECORD_VCONSOLE : UNI_RECORD_STDIN);
}

static int next_byte(void)
{
	int c;
	while ((c = uni_serial_getc(UNI_PORT_COM1)) < 0)
		__builtin_ia32_pause();
	return c;
}

/* Takes what is waiting, undoing uni-run's framing (uni/abi.h). */
static ssize_t console_read(void *buf, size_t len)
{
	static int eof;
	unsigned char *p = buf;
	size_t n = 0;
	if (vcon)
		return uni_vcon_read(buf, len);
	if (eof)
		return -1;
	while (n < len && uni_serial_ready(UNI_PORT_COM1)) {
		int c = next_byte();
		if (c == UNI_STDIN_ESC && next_byte() == UNI_STDIN_EOF) {
			eof = 1;
			return n ? (ssize_t)n : -1;
		}
		p[n++] = (unsigned char)c;
	}
	return (ssize_t)n;
}

static int console_ready(void)
{
	return vcon ? uni_vcon_ready() : uni_serial_ready(UNI_PORT_COM1);
}

static void console_write(int fd, const void *buf, size_t len)
{
	if (vcon)
		uni_vcon_write(fd, buf, len);
	else
		uni_serial_write(fd == 2 ? UNI_PORT_COM2 : UNI_PORT_COM1, buf, len);
}

static void irq_off(void)
{
	__asm__ volatile("cli" ::: "memory");
}

static void irq_on(void)
{
	static int pic_masked;
	if (!pic_masked) {
		/* pc and q35 have an 8259 PIC whose timer (vector 8 after firmware) would arrive
		 * where the IDT has no gate: mask it. microvm (pic=off) ignores the writes. */
		outb(0x21, 0xff);
		outb(0xa1, 0xff);
		pic_masked = 1;
	}
	__asm__ volatile("sti" ::: "memory");
}

static void halt(void)
{
	uni_service(UNI_SERVICE_HALT, 0, 0, 0);
}

static long protect(uint64_t addr, uint64_t len, int prot)
{
	return uni_service(UNI_SERVICE_PROTECT, (long)addr, (long)len, prot);
}

static void tlb_flush(void)
{
	uni_service(UNI_SERVICE_FLUSH, 0, 0, 0);
}

static void ipi(struct uni_cpu *c, int vector)
{
	uni_pvh_ipi(c->apic_id, vector);
}

static void stop_others(void)
{
	uni_pvh_ipi(-1, UNI_VEC_STOP);
}

/* The NIC driver is in the image only when it uses sockets (drivers/nic.c pulls it in). */
extern const struct uni_virtio_driver uni_vnet_driver __attribute__((weak));

static void nic_probe(void)
{
	if (!&uni_vnet_driver)
		return;
	uni_virtio_mmio_probe(&uni_vnet_driver);
	uni_virtio_pci_probe(&uni_vnet_driver);
}

/* drivers/virtio_9p.c is in the image only when it has volume code (fs/volume.c pulls it in). */
extern int uni_v9p_channel(const char *tag) UNI_WEAK_FN;
extern long uni_v9p_rpc(int ch, const void *t, uint32_t tlen, void *r, uint32_t rcap) UNI_WEAK_FN;

static int cpu_init(void)
{
	uni_lapic_init_cpu();
	return uni_lapic_id();
}

/* Signals from uni-run arrive on COM2's input, one byte each (its number), once the guest has
 * said UNI_RECORD_SIGNALS; before that uni-run handles them itself. COM2's receive interrupt
 * goes to the device vector, so a busy program is interrupted as well as an idle one. */
static int signals_init(void)
{
	/* Only when uni-run offers (uni.signals): under PVM's KVM a ring-3 sti or cli raises #GP
	 * (docs/HARDWARE.md), so there uni-run keeps ending QEMU on a signal, as it always did. */
	if (!uni_hostsig_offered)
		return -1;
	outb(UNI_PORT_COM2 + 2, 0x07);   /* FIFO on and cleared, an interrupt at every byte */
	outb(UNI_PORT_COM2 + 4, 0x08);   /* OUT2: the PC's gate of the UART's interrupt line */
	outb(UNI_PORT_COM2 + 1, 0x01);   /* interrupt when data arrives */
	uni_ioapic_route(UNI_COM2_IRQ);
	uni_lapic_init_cpu();            /* with one CPU and no timer yet it is still off */
	record(UNI_RECORD_SIGNALS);
	return 0;
}

static int signal_take(void)
{
	int c = uni_serial_getc(UNI_PORT_COM2);
	return c > 0 ? c : 0;
}

static _Noreturn void pvh_exit(int status)
{
	char rec[16] = UNI_RECORD_EXIT;
	int n = sizeof UNI_RECORD_EXIT - 1, v = status & 0xff;
	if (v >= 100)
		rec[n++] = (char)('0' + v / 100);
	if (v >= 10)
		rec[n++] = (char)('0' + v / 10 % 10);
	rec[n++] = (char)('0' + v % 10);
	rec[n++] = '\n';
	if (vcon)
		uni_vcon_drain();   /* every byte of output out before uni-run hears of the end */
	for (int i = 0; i < n; i++)
		outb(UNI_PORT_CONTROL, (uint8_t)rec[i]);
	/* QEMU exits with (v << 1) | 1, which keeps 7 bits; uni-run reads the record. */
	outl(UNI_PORT_DEBUG_EXIT, (uint32_t)v);
	outb(0xcf9, 0x0e);   /* no isa-debug-exit: PCI reset */
	outb(0x64, 0xfe);    /* or keyboard-controller reset */
	for (;;)
		__builtin_ia32_pause();
}

const struct uni_platform uni_platform_pvh = {
	.name = "pvh",
	.console_init = console_init,
	.console_attach = console_attach,
	.console_read = console_read,
	.console_ready = console_ready,
	.console_write = console_write,
	.timer_arm = uni_lapic_arm,
	.timer_eoi = uni_lapic_eoi,
	.irq_off = irq_off,
	.irq_on = irq_on,
	.halt = halt,
	.protect = protect,
	.tlb_needs_shootdown = 1,
	.tlb_flush = tlb_flush,
	.start_cpus = uni_pvh_start_cpus,
	.ipi = ipi,
	.stop_others = stop_others,
	.cpu_init = cpu_init,
	.nic_probe = nic_probe,
	.signals_init = signals_init,
	.signal_take = signal_take,
	.vol_channel = uni_v9p_channel,
	.vol_rpc = uni_v9p_rpc,
	.exit = pvh_exit,
};
