/* checksum.h: FNV-1a 64 over pixel bytes, shared by the decode tests' programs. */
#include <stddef.h>
#include <stdint.h>
static inline uint64_t fnv1a(uint64_t h, const unsigned char *p, size_t n)
{
	if (!h) h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
	return h;
}
