/* lwIP's platform header for the uni runtime: types come from musl; diagnostics, assertions
 * and random numbers from the runtime (kernel/net/lwip_port.c). */
#ifndef UNI_LWIP_ARCH_CC_H
#define UNI_LWIP_ARCH_CC_H

#include <stddef.h>
#include <stdint.h>

#define LWIP_ERRNO_STDINCLUDE 1
#define LWIP_TIMEVAL_PRIVATE 0

void uni_lwip_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void uni_lwip_assert(const char *what, const char *file, int line);
uint32_t uni_lwip_rand(void);

#define LWIP_PLATFORM_DIAG(x) do { uni_lwip_diag x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) uni_lwip_assert((x), __FILE__, __LINE__)
#define LWIP_RAND() uni_lwip_rand()

#endif
