/* 16550 UART driver, polled from ring 3. */
#ifndef UNI_SERIAL_H
#define UNI_SERIAL_H

#include <stddef.h>
#include <stdint.h>


/* Enables and clears the receive FIFO; input that arrived before is lost. */
void uni_serial_init(uint16_t port);
void uni_serial_write(uint16_t port, const void *buf, size_t len);
/* Returns the next received byte, or -1 if none is waiting. Never blocks. */
int uni_serial_getc(uint16_t port);
int uni_serial_ready(uint16_t port);

#endif
