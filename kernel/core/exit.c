/* Ending the VM with the program's exit status. */
#include <stdio.h>
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/io.h"
#include "uni/runtime.h"

#define DEBUG_EXIT_PORT 0xf4

_Noreturn void uni_exit(int status)
{
	uni_smp_stop_others();
	char rec[32];
	int n = snprintf(rec, sizeof rec, "exit %d\n", status & 0xff);
	for (int i = 0; i < n; i++)
		outb(UNI_CONTROL_PORT, (uint8_t)rec[i]);
	/* QEMU exits with (v << 1) | 1, which keeps 7 bits; uni-run reads the record. */
	outl(DEBUG_EXIT_PORT, (uint32_t)status & 0xff);
	outb(0xcf9, 0x0e);   /* no isa-debug-exit: PCI reset */
	outb(0x64, 0xfe);    /* or keyboard-controller reset */
	for (;;)
		__builtin_ia32_pause();
}
