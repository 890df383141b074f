/* base64.c: decoding the base64 text that JavaScript-wrapped weight shards hold (RFC 4648,
 * standard alphabet, = padding). */
#include "model.h"
#include "uni.h"

static int digit(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

unsigned char *base64_decode(const char *s, size_t len, size_t *out_len, const char *what)
{
	unsigned char *out = uni_xmalloc(len / 4 * 3 + 3), *o = out;
	unsigned acc = 0;
	int bits = 0;
	size_t i, pad = 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '=') {
			pad++;
			continue;
		}
		int d = digit(s[i]);
		if (d < 0 || pad)
			uni_die("%s: character %zu of the base64 weights is '%c', not base64 (fix: "
				"give the model.json and weight shards as TensorFlow.js saved them)", what, i, s[i]);
		acc = acc << 6 | (unsigned)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			*o++ = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	if ((len - pad) % 4 == 1 || pad > 2)
		uni_die("%s: the base64 weights are truncated (%zu characters) (fix: give the "
			"model.json and weight shards as TensorFlow.js saved them)", what, len);
	*out_len = (size_t)(o - out);
	return out;
}
