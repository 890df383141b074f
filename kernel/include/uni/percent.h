/* Decoding the percent-encoded tokens of the guest command line (uni/abi.h), the one decoder of
 * both guests that read it: the pvh runtime (kernel/core/cmdline.c) and the linux-microvm init
 * (wrappers/run/microvm-init/init.c), a separate program, so the decoder lives in this header. */
#ifndef UNI_PERCENT_H
#define UNI_PERCENT_H

static inline int uni_percent_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes %XX in place; a '%' not followed by two hex digits stays as it is. */
static inline void uni_percent_decode(char *s)
{
	char *o = s;
	for (; *s; s++) {
		int h, l;
		if (*s == '%' && (h = uni_percent_hexval(s[1])) >= 0 && (l = uni_percent_hexval(s[2])) >= 0) {
			*o++ = (char)(h << 4 | l);
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = 0;
}

#endif
