/* TCP initial sequence numbers as RFC 6528 asks: a clock that ticks every 4 microseconds plus a
 * keyed hash of the connection's addresses and ports. lwIP's own choice (6510 plus its 500 ms
 * tick count) lets anyone who saw one connection predict the next, which is what blind
 * spoofing and connection hijacking need. The key is random per boot (uni_random_bytes), so
 * neither a peer nor another boot can compute it; the clock keeps a reused 4-tuple's numbers
 * increasing, which a peer's TIME_WAIT relies on (RFC 1122 4.2.2.13). lwIP calls uni_tcp_isn
 * through LWIP_HOOK_TCP_ISN (net/lwip-port/lwipopts.h). */
#include <stdint.h>
#include <string.h>
#include "lwip/ip_addr.h"
#include "uni/runtime.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static void sip_round(uint64_t v[4])
{
	v[0] += v[1], v[1] = ROTL(v[1], 13), v[1] ^= v[0], v[0] = ROTL(v[0], 32);
	v[2] += v[3], v[3] = ROTL(v[3], 16), v[3] ^= v[2];
	v[0] += v[3], v[3] = ROTL(v[3], 21), v[3] ^= v[0];
	v[2] += v[1], v[1] = ROTL(v[1], 17), v[1] ^= v[2], v[2] = ROTL(v[2], 32);
}

/* SipHash-2-4 (Aumasson and Bernstein, 2012) of n bytes under a 128-bit key. */
static uint64_t siphash24(const uint64_t key[2], const unsigned char *in, size_t n)
{
	uint64_t v[4] = {
		key[0] ^ 0x736f6d6570736575ull, key[1] ^ 0x646f72616e646f6dull,
		key[0] ^ 0x6c7967656e657261ull, key[1] ^ 0x7465646279746573ull,
	};
	uint64_t m;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&m, in + i, 8);
		v[3] ^= m;
		sip_round(v), sip_round(v);
		v[0] ^= m;
	}
	m = (uint64_t)n << 56;
	for (size_t k = 0; i + k < n; k++)
		m |= (uint64_t)in[i + k] << (8 * k);
	v[3] ^= m;
	sip_round(v), sip_round(v);
	v[0] ^= m;
	v[2] ^= 0xff;
	for (int r = 0; r < 4; r++)
		sip_round(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

uint32_t uni_tcp_isn(const ip_addr_t *local_ip, uint16_t local_port, const ip_addr_t *remote_ip,
		     uint16_t remote_port)
{
	static uint64_t key[2];
	static int keyed;
	if (!keyed) {
		uni_random_bytes(key, sizeof key);
		keyed = 1;
	}
	unsigned char tuple[12];
	uint32_t l = ip4_addr_get_u32(ip_2_ip4(local_ip)), r = ip4_addr_get_u32(ip_2_ip4(remote_ip));
	memcpy(tuple, &l, 4);
	memcpy(tuple + 4, &local_port, 2);
	memcpy(tuple + 6, &r, 4);
	memcpy(tuple + 10, &remote_port, 2);
	return (uint32_t)(uni_clock_ns() / 4000) + (uint32_t)siphash24(key, tuple, sizeof tuple);
}
