/* 16550 UART driver, polled from ring 3: no interrupts, so no ring-0 work per byte. */
#include "uni/serial.h"
#include "uni/io.h"

#define THR 0
#define FCR 2
#define LSR 5
#define LSR_DATA 0x01
#define LSR_THRE 0x20

void uni_serial_init(uint16_t port)
{
	/* The 16-byte receive FIFO with a 14-byte trigger level: QEMU then accepts input in
	 * bursts of up to 14 bytes, not one byte per main-loop turn. Enabling it clears it. */
	outb(port + FCR, 0xc7);
}

void uni_serial_write(uint16_t port, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	for (size_t i = 0; i < len; i++) {
		while (!(inb(port + LSR) & LSR_THRE))
			__builtin_ia32_pause();
		outb(port + THR, p[i]);
	}
}

int uni_serial_getc(uint16_t port)
{
	if (!(inb(port + LSR) & LSR_DATA))
		return -1;
	return inb(port + THR);
}

int uni_serial_ready(uint16_t port)
{
	return inb(port + LSR) & LSR_DATA;
}
