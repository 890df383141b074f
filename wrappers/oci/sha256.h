/* sha256.h: SHA-256 (FIPS 180-4), the digest OCI names its blobs by. */
#ifndef UNI_OCI_SHA256_H
#define UNI_OCI_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;          /* bytes hashed so far */
	unsigned char buf[64]; /* the partial block */
};
void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* The 64 lowercase hex digits of data's digest into hex (65 bytes with the NUL). */
void sha256_hex(const void *data, size_t n, char hex[65]);

#endif
