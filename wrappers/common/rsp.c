/* rsp.c: expand @file response files the way gcc and ld (libiberty) read them. */
#include "uni.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deep enough for real use; stops a file that names itself. */
#define RSP_MAX_DEPTH 16

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t len = 0, cap = 4096;
	char *buf = uni_xmalloc(cap);
	size_t r;
	while ((r = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += r;
		if (len + 1 == cap) {
			char *bigger = uni_xmalloc(cap *= 2);
			memcpy(bigger, buf, len);
			free(buf);
			buf = bigger;
		}
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* Splits text into words: whitespace separates, quotes group, backslash escapes one char. */
static void split(const char *text, struct strv *words)
{
	const char *p = text;
	char *word = uni_xmalloc(strlen(text) + 1);
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
			p++;
		if (!*p)
			break;
		size_t n = 0;
		char quote = 0;
		for (; *p; p++) {
			if (*p == '\\' && p[1]) {
				word[n++] = *++p;
			} else if (quote) {
				if (*p == quote)
					quote = 0;
				else
					word[n++] = *p;
			} else if (*p == '\'' || *p == '"') {
				quote = *p;
			} else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') {
				break;
			} else {
				word[n++] = *p;
			}
		}
		word[n] = '\0';
		strv_push(words, uni_xstrdup(word));
	}
	free(word);
}

static void expand(int argc, char **argv, struct strv *out, int depth)
{
	for (int i = 0; i < argc; i++) {
		char *text = NULL;
		if (argv[i][0] == '@' && argv[i][1]) {
			if (depth >= RSP_MAX_DEPTH)
				uni_die("response file %s: nested more than %d deep (fix: make "
					"sure it does not include itself)",
					argv[i] + 1, RSP_MAX_DEPTH);
			text = slurp(argv[i] + 1);
		}
		if (!text) {
			strv_push(out, argv[i]);
			continue;
		}
		struct strv words = { 0 };
		split(text, &words);
		free(text);
		expand((int)words.n, words.v, out, depth + 1);
	}
}

void uni_expand_rsp(int argc, char **argv, struct strv *out)
{
	expand(argc, argv, out, 0);
}
