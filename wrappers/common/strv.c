/* strv.c: growable NULL-terminated argument vectors for building command lines. */
#include "uni.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void strv_push(struct strv *s, const char *arg)
{
	if (s->n + 2 > s->cap) {
		s->cap = s->cap ? s->cap * 2 : 32;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		if (!s->v)
			uni_die("memory: out of memory (fix: free memory, or give the machine more)");
	}
	/* argv entries are char * for execvp; the drivers never write through them. */
	s->v[s->n++] = (char *)arg;
	s->v[s->n] = NULL;
}

void strv_pushf(struct strv *s, const char *fmt, ...)
{
	va_list ap;
	char *str;
	va_start(ap, fmt);
	if (vasprintf(&str, fmt, ap) < 0)
		uni_die("memory: out of memory (fix: free memory, or give the machine more)");
	va_end(ap);
	strv_push(s, str);
}

void strv_append(struct strv *s, const struct strv *t)
{
	for (size_t i = 0; i < t->n; i++)
		strv_push(s, t->v[i]);
}
