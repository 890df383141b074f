/* mediatype.c: a small parser of header values with parameters (RFC 9110 section 5.6.6). */
#include "mediatype.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

void media_type(const char *value, char *out, size_t n)
{
	size_t len = 0;
	while (*value == ' ' || *value == '\t') value++;
	for (; *value && *value != ';' && *value != ' ' && *value != '\t' && len + 1 < n; value++)
		out[len++] = (char)tolower((unsigned char)*value);
	out[len] = 0;
}

/* Reads one parameter value at *P (token or quoted-string) into OUT (skips it when OUT is NULL);
 * advances *P; -1 if malformed or too long. */
static int read_value(const char **p, char *out, size_t n)
{
	const char *s = *p;
	size_t len = 0;
	if (*s == '"') {
		for (s++; *s != '"'; s++) {
			if (!*s) return -1;
			if (*s == '\\' && s[1]) s++;
			if (!out) continue;
			if (len + 1 >= n) return -1;
			out[len++] = *s;
		}
		s++;
	} else {
		for (; *s && *s != ';' && *s != ' ' && *s != '\t'; s++) {
			if (!out) continue;
			if (len + 1 >= n) return -1;
			out[len++] = *s;
		}
	}
	if (out) out[len] = 0;
	*p = s;
	return 0;
}

int media_param(const char *value, const char *name, char *out, size_t n)
{
	size_t name_len = strlen(name);
	const char *p = strchr(value, ';');
	while (p) {
		p++;
		while (*p == ' ' || *p == '\t') p++;
		const char *eq = strchr(p, '=');
		if (!eq) return -1;
		const char *end = eq;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t')) end--;
		const char *v = eq + 1;
		while (*v == ' ' || *v == '\t') v++;
		int match = (size_t)(end - p) == name_len && !strncasecmp(p, name, name_len);
		if (match) return read_value(&v, out, n);
		if (read_value(&v, NULL, 0)) return -1;
		p = strchr(v, ';');
	}
	return -1;
}
