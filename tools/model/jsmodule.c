/* jsmodule.c: reading model files, and finding the model.json or weights literal inside a
 * JavaScript module wrapper (nsfwjs ships its model as browserify bundles: `exports={...}` for
 * model.json, `exports="<base64>"` for a weights shard). */
#include "model.h"
#include "uni.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		uni_die("reading: cannot open %s: %s (fix: give the path of the file)", path, strerror(errno));
	size_t cap = 1 << 16, n = 0, got;
	char *buf = uni_xmalloc(cap + 1);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *bigger = uni_xmalloc(cap * 2 + 1);
			memcpy(bigger, buf, n);
			free(buf);
			buf = bigger, cap *= 2;
		}
	}
	if (ferror(f))
		uni_die("reading: cannot read %s: %s (fix: make it readable)", path, strerror(errno));
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

const char *js_module_literal(const char *text, size_t len, const char *path)
{
	const char *end = text + len;
	/* The first `exports` assigned a literal: `module.exports=e()` in the UMD prologue is not. */
	for (const char *p = text; (p = memmem(p, (size_t)(end - p), "exports", 7)) != NULL;) {
		p += 7;
		const char *q = p;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
			q++;
		if (q >= end || *q != '=' || (q + 1 < end && q[1] == '='))
			continue;
		for (q++; q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r');)
			q++;
		if (q < end && (*q == '{' || *q == '"' || *q == '\''))
			return q;
	}
	uni_die("%s: no `exports = {...}` or `exports = \"...\"` literal in this JavaScript file "
		"(fix: give the model.json and binary weight shards instead, or a module that "
		"assigns them as literals)", path);
}
