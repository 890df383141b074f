/* errlines.c: relay guest stderr (COM2) line by line, symbolizing backtrace lines "  #N 0xADDR". */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/*
 * Matches s[0..n) against ^\s*#[0-9]+ 0x[0-9a-f]+\s*$. Returns 1 for a whole match (with the
 * frame number, the address and where its digits end), 0 when s is only a prefix of one, -1
 * when it cannot be one.
 */
static int bt_match(const char *s, size_t n, unsigned *frame, uint64_t *addr, size_t *addr_end)
{
	size_t i = 0, k;
	*frame = 0;
	while (i < n && is_space(s[i]))
		i++;
	if (i == n)
		return 0;
	if (s[i++] != '#')
		return -1;
	for (k = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		*frame = *frame * 10 + (unsigned)(s[i] - '0');
	if (i == n)
		return 0;
	if (i == k)
		return -1;
	for (const char *lit = " 0x"; *lit; lit++, i++) {
		if (i == n)
			return 0;
		if (s[i] != *lit)
			return -1;
	}
	*addr = 0;
	for (k = i; i < n && is_hex(s[i]); i++)
		*addr = *addr << 4 | (uint64_t)(s[i] <= '9' ? s[i] - '0' : s[i] - 'a' + 10);
	if (i == k)
		return i == n ? 0 : -1;
	/* More than 16 digits cannot be an address; still a backtrace line, left as it is. */
	*addr_end = i - k > 16 ? 0 : i;
	while (i < n && is_space(s[i]))
		i++;
	return i == n ? 1 : -1;
}

void errlines_init(struct errlines *e, const struct image *im, const struct run_opts *o)
{
	memset(e, 0, sizeof *e);
	e->im = im;
	e->trace_fd = -1;
	if (o->trace_file) {
		e->trace_fd = open(o->trace_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (e->trace_fd < 0)
			uni_die("--trace=%s: cannot create the trace file: %s (fix: name a file in "
				"a writable directory)", o->trace_file, strerror(errno));
	}
}

static const char trace_prefix[] = UNI_TRACE_PREFIX;
#define TRACE_PREFIX_LEN (sizeof trace_prefix - 1)

/* 1 when s[0..n) starts a trace line, 0 when it may still become one, -1 when it cannot. */
static int trace_match(const struct errlines *e, const char *s, size_t n)
{
	if (e->trace_fd < 0)
		return -1;
	size_t k = n < TRACE_PREFIX_LEN ? n : TRACE_PREFIX_LEN;
	if (memcmp(s, trace_prefix, k) != 0)
		return -1;
	return n >= TRACE_PREFIX_LEN ? 1 : 0;
}

static void emit_line(struct errlines *e, const char *s, size_t n)
{
	if (!e->written && trace_match(e, s, n) == 1) {
		write_full(e->trace_fd, s + TRACE_PREFIX_LEN, n - TRACE_PREFIX_LEN);
		write_full(e->trace_fd, "\n", 1);
		return;
	}
	static const char relocated[] = UNI_RELOCATED_PREFIX;
	if (n > sizeof relocated - 1 && !memcmp(s, relocated, sizeof relocated - 1))
		e->delta = strtoull(s + sizeof relocated - 1, NULL, 16);
	uint64_t addr;
	size_t end = 0;
	unsigned frame;
	const struct sym *sym = NULL;
	if (!e->written && bt_match(s, n, &frame, &addr, &end) == 1 && end) {
		if (!e->syms_loaded) {
			symtab_load(&e->syms, e->im);
			e->debug_line = image_has_debug_line(e->im);
			e->syms_loaded = 1;
		}
		/*
		 * Frame 0 is where the program stopped; the others are return addresses, which
		 * follow their call and, after a call to a noreturn function, already belong to the
		 * next function. The call itself (addr - 1) names the right one.
		 */
		addr -= e->delta;
		sym = symtab_find(&e->syms, frame > 0 && addr > 0 ? addr - 1 : addr);
	}
	if (sym) {
		char tail[1024], line[512];
		uint64_t at = frame > 0 ? addr - 1 : addr;
		int has_line = e->debug_line && srcline(e->im, at, line, sizeof line);
		int len = snprintf(tail, sizeof tail, " %.400s+0x%" PRIx64 "%s%.500s\n", sym->name,
				   addr - sym->addr, has_line ? " at " : "", has_line ? line : "");
		write_full(2, s, end);
		write_full(2, tail, (size_t)len);
		return;
	}
	write_full(2, s, n);
	write_full(2, "\n", 1);
	e->written = 0;
}

void errlines_feed(struct errlines *e, const char *data, size_t n)
{
	while (n) {
		size_t take = sizeof e->buf - e->len < n ? sizeof e->buf - e->len : n;
		memcpy(e->buf + e->len, data, take);
		e->len += take;
		data += take;
		n -= take;

		char *start = e->buf, *nl;
		while ((nl = memchr(start, '\n', e->len - (size_t)(start - e->buf)))) {
			emit_line(e, start, (size_t)(nl - start));
			start = nl + 1;
		}
		e->len -= (size_t)(start - e->buf);
		memmove(e->buf, start, e->len);
		/* Hold back only what may still become a backtrace line, so prompts show at once. */
		uint64_t addr;
		size_t end;
		unsigned frame;
		if (e->len && (e->written || e->len == sizeof e->buf ||
			       (bt_match(e->buf, e->len, &frame, &addr, &end) < 0 &&
				trace_match(e, e->buf, e->len) < 0))) {
			errlines_flush(e);
			e->written = 1;
		}
	}
}

void errlines_flush(struct errlines *e)
{
	write_full(2, e->buf, e->len);
	e->len = 0;
}
