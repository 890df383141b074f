/* zlib.c: compresses and decompresses each file named on the command line (and a generated
 * buffer) at levels 1, 6 and 9 and through gzip framing; prints sizes, crc32 and adler32. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b = NULL;
	size_t cap = 0, got;
	*n = 0;
	if (!f) { perror(path); exit(2); }
	for (;;) {
		if (*n == cap) b = realloc(b, cap = cap ? 2 * cap : 65536);
		got = fread(b + *n, 1, cap - *n, f);
		if (!got) break;
		*n += got;
	}
	fclose(f);
	return b;
}

static int round_trip(const char *name, const unsigned char *in, size_t n)
{
	static const int levels[] = { 1, 6, 9 };
	for (int i = 0; i < 3; i++) {
		uLongf clen = compressBound(n), dlen = n;
		unsigned char *c = malloc(clen), *d = malloc(n ? n : 1);
		if (compress2(c, &clen, in, n, levels[i]) != Z_OK) { printf("%s: compress2 failed\n", name); return 1; }
		if (uncompress(d, &dlen, c, clen) != Z_OK || dlen != n || memcmp(d, in, n)) {
			printf("%s: level %d round trip FAILED\n", name, levels[i]);
			return 1;
		}
		printf("%s level %d: %zu -> %lu bytes, crc32 %08lx adler32 %08lx\n", name, levels[i], n,
		       (unsigned long)clen, crc32(0, c, clen), adler32(1, in, n));
		free(c);
		free(d);
	}
	/* gzip framing through deflateInit2/inflateInit2 with windowBits 31. */
	z_stream s = { 0 };
	unsigned char *g = malloc(n + 1024), *back = malloc(n + 1);
	deflateInit2(&s, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
	s.next_in = (unsigned char *)in, s.avail_in = n, s.next_out = g, s.avail_out = n + 1024;
	if (deflate(&s, Z_FINISH) != Z_STREAM_END) { printf("%s: gzip deflate failed\n", name); return 1; }
	size_t glen = s.total_out;
	deflateEnd(&s);
	memset(&s, 0, sizeof s);
	inflateInit2(&s, 31);
	s.next_in = g, s.avail_in = glen, s.next_out = back, s.avail_out = n + 1;
	if (inflate(&s, Z_FINISH) != Z_STREAM_END || s.total_out != n || memcmp(back, in, n)) {
		printf("%s: gzip round trip FAILED\n", name);
		return 1;
	}
	inflateEnd(&s);
	printf("%s gzip: %zu -> %zu bytes, round trip ok\n", name, n, glen);
	free(g);
	free(back);
	return 0;
}

int main(int argc, char **argv)
{
	int bad = 0;
	size_t n = 1 << 20;
	unsigned char *gen = malloc(n);
	unsigned x = 12345;
	for (size_t i = 0; i < n; i++) { x = x * 1103515245 + 12345; gen[i] = (i % 4096 < 2048) ? "uni "[i % 4] : x >> 24; }
	printf("zlib %s\n", zlibVersion());
	bad |= round_trip("generated", gen, n);
	for (int i = 1; i < argc; i++) {
		unsigned char *b = slurp(argv[i], &n);
		const char *base = strrchr(argv[i], '/');
		bad |= round_trip(base ? base + 1 : argv[i], b, n);
		free(b);
	}
	puts(bad ? "RESULT: FAILED" : "RESULT: ok");
	return bad;
}
