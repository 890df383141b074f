/* json.c: a JSON parser (RFC 8259) with an opt-in JavaScript object literal mode, and typed
 * accessors that name the offending member when a model file has an unexpected shape. */
#include "model.h"
#include "uni.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 256

struct parser {
	const char *s, *end, *start;
	bool js;
	const char *what;
	int depth;
};

static void __attribute__((noreturn)) syntax(const struct parser *p, const char *msg)
{
	int line = 1, col = 1;
	for (const char *c = p->start; c < p->s; c++) {
		if (*c == '\n')
			line++, col = 1;
		else
			col++;
	}
	uni_die("reading %s: %s at line %d, column %d (fix: give a TensorFlow.js model.json%s)", p->what, msg,
		line, col, p->js ? " wrapped in a JavaScript module" : "");
}

static void skip_ws(struct parser *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static struct json *node(enum json_type t)
{
	struct json *j = uni_xmalloc(sizeof *j);
	memset(j, 0, sizeof *j);
	j->type = t;
	return j;
}

static bool match(struct parser *p, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(p->end - p->s) < n || memcmp(p->s, word, n) != 0)
		return false;
	p->s += n;
	return true;
}

/* Appends the UTF-8 encoding of code point c. */
static void put_utf8(char **o, unsigned c)
{
	char *q = *o;
	if (c < 0x80) {
		*q++ = (char)c;
	} else if (c < 0x800) {
		*q++ = (char)(0xc0 | c >> 6);
		*q++ = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*q++ = (char)(0xe0 | c >> 12);
		*q++ = (char)(0x80 | (c >> 6 & 0x3f));
		*q++ = (char)(0x80 | (c & 0x3f));
	} else {
		*q++ = (char)(0xf0 | c >> 18);
		*q++ = (char)(0x80 | (c >> 12 & 0x3f));
		*q++ = (char)(0x80 | (c >> 6 & 0x3f));
		*q++ = (char)(0x80 | (c & 0x3f));
	}
	*o = q;
}

static unsigned hex4(struct parser *p)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++, p->s++) {
		if (p->s >= p->end || !isxdigit((unsigned char)*p->s))
			syntax(p, "bad \\u escape in a string");
		char c = *p->s;
		v = v * 16 + (unsigned)(isdigit((unsigned char)c) ? c - '0' : (tolower((unsigned char)c) - 'a' + 10));
	}
	return v;
}

/* A string starting at the opening quote (" or, in js mode, '). */
static char *string(struct parser *p)
{
	char quote = *p->s++;
	const char *from = p->s;
	while (p->s < p->end && *p->s != quote)
		p->s += *p->s == '\\' && p->s + 1 < p->end ? 2 : 1;
	if (p->s >= p->end)
		syntax(p, "unterminated string");
	/* Escapes only shrink: the raw length is enough. */
	char *out = uni_xmalloc((size_t)(p->s - from) + 1), *o = out;
	p->s = from;
	while (*p->s != quote) {
		unsigned char c = (unsigned char)*p->s++;
		if (c < 0x20)
			syntax(p, "control character in a string");
		if (c != '\\') {
			*o++ = (char)c;
			continue;
		}
		switch (*p->s++) {
		case '"': *o++ = '"'; break;
		case '\'': *o++ = '\''; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			unsigned u = hex4(p);
			if (u >= 0xd800 && u < 0xdc00 && match(p, "\\u")) {
				unsigned lo = hex4(p);
				if (lo < 0xdc00 || lo >= 0xe000)
					syntax(p, "unpaired surrogate in a \\u escape");
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (u == 0)
				syntax(p, "\\u0000 in a string");
			put_utf8(&o, u);
			break;
		}
		default:
			p->s--;
			syntax(p, "unknown escape in a string");
		}
	}
	p->s++;
	*o = 0;
	return out;
}

static struct json *number(struct parser *p)
{
	const char *c = p->s;
	if (c < p->end && *c == '-')
		c++;
	/* JSON: a digit first; a minifier's literal may start with the dot. */
	if (c >= p->end || !(isdigit((unsigned char)*c) || (p->js && *c == '.')))
		syntax(p, "unexpected character");
	char buf[64];
	size_t n = 0;
	while (p->s < p->end && n < sizeof buf - 1 && strchr("0123456789+-.eE", *p->s))
		buf[n++] = *p->s++;
	buf[n] = 0;
	char *endp;
	struct json *j = node(JSON_NUMBER);
	j->number = strtod(buf, &endp);
	if (*endp || n == sizeof buf - 1 || !isfinite(j->number))
		syntax(p, "malformed number");
	return j;
}

static struct json *value(struct parser *p);

static struct json *boolean(bool b)
{
	struct json *j = node(JSON_BOOL);
	j->boolean = b;
	return j;
}

static void push(struct json *j, char *key, struct json *v, size_t *cap)
{
	if (j->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		struct json **items = uni_xmalloc(*cap * sizeof *items);
		char **keys = uni_xmalloc(*cap * sizeof *keys);
		if (j->n) {
			memcpy(items, j->items, j->n * sizeof *items);
			memcpy(keys, j->keys, j->n * sizeof *keys);
		}
		free(j->items);
		free(j->keys);
		j->items = items, j->keys = keys;
	}
	j->keys[j->n] = key;
	j->items[j->n++] = v;
}

static char *key(struct parser *p)
{
	if (p->s < p->end && (*p->s == '"' || (p->js && *p->s == '\'')))
		return string(p);
	if (p->js && p->s < p->end && (isalpha((unsigned char)*p->s) || *p->s == '_' || *p->s == '$')) {
		const char *from = p->s;
		while (p->s < p->end && (isalnum((unsigned char)*p->s) || *p->s == '_' || *p->s == '$'))
			p->s++;
		return strndup(from, (size_t)(p->s - from));
	}
	syntax(p, "expected a member name");
}

static struct json *container(struct parser *p, bool object)
{
	char close = object ? '}' : ']';
	struct json *j = node(object ? JSON_OBJECT : JSON_ARRAY);
	size_t cap = 0;
	if (++p->depth > JSON_MAX_DEPTH)
		syntax(p, "nesting deeper than 256 levels");
	p->s++;
	skip_ws(p);
	if (p->s < p->end && *p->s == close) {
		p->s++;
		p->depth--;
		return j;
	}
	for (;;) {
		char *k = NULL;
		skip_ws(p);
		if (object) {
			k = key(p);
			skip_ws(p);
			if (p->s >= p->end || *p->s != ':')
				syntax(p, "expected ':' after a member name");
			p->s++;
		}
		push(j, k, value(p), &cap);
		skip_ws(p);
		if (p->s < p->end && *p->s == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->end && *p->s == close) {
			p->s++;
			p->depth--;
			return j;
		}
		syntax(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static struct json *value(struct parser *p)
{
	skip_ws(p);
	if (p->s >= p->end)
		syntax(p, "unexpected end of input");
	switch (*p->s) {
	case '{': return container(p, true);
	case '[': return container(p, false);
	case '"': {
		struct json *j = node(JSON_STRING);
		j->string = string(p);
		return j;
	}
	case '\'':
		if (p->js) {
			struct json *j = node(JSON_STRING);
			j->string = string(p);
			return j;
		}
		break;
	default:
		break;
	}
	if (match(p, "true") || (p->js && match(p, "!0")))
		return boolean(true);
	if (match(p, "false") || (p->js && match(p, "!1")))
		return boolean(false);
	if (match(p, "null"))
		return node(JSON_NULL);
	return number(p);
}

struct json *json_parse(const char *text, size_t len, bool js, const char *what)
{
	struct parser p = { text, text + len, text, js, what, 0 };
	struct json *j = value(&p);
	skip_ws(&p);
	if (!js && p.s != p.end)
		syntax(&p, "text after the JSON value");
	return j;
}

const struct json *json_get(const struct json *obj, const char *key)
{
	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	return NULL;
}

const char *json_type_name(enum json_type t)
{
	static const char *const names[] = { "null", "a boolean", "a number", "a string", "an array", "an object" };
	return names[t];
}

static const struct json *typed(const struct json *obj, const char *key, enum json_type t, const char *what)
{
	const struct json *v = json_get(obj, key);
	if (!v || v->type == JSON_NULL)
		return NULL;
	if (v->type != t)
		uni_die("%s: '%s' is %s, expected %s (fix: give the model.json and weight shards "
			"as TensorFlow.js saved them)", what, key, json_type_name(v->type), json_type_name(t));
	return v;
}

const char *json_str(const struct json *obj, const char *key, const char *def, const char *what)
{
	const struct json *v = typed(obj, key, JSON_STRING, what);
	return v ? v->string : def;
}

double json_num(const struct json *obj, const char *key, double def, const char *what)
{
	const struct json *v = typed(obj, key, JSON_NUMBER, what);
	return v ? v->number : def;
}

bool json_bool(const struct json *obj, const char *key, bool def, const char *what)
{
	const struct json *v = typed(obj, key, JSON_BOOL, what);
	return v ? v->boolean : def;
}

static int to_int(const struct json *v, const char *key, const char *what)
{
	if (v->type != JSON_NUMBER || v->number != (double)(int)v->number)
		uni_die("%s: '%s' holds %s where an integer was expected (fix: give the model.json "
			"and weight shards as TensorFlow.js saved them)", what, key,
			v->type == JSON_NUMBER ? "a fraction" : json_type_name(v->type));
	return (int)v->number;
}

void json_ints_value(const struct json *v, int *out, size_t n, const char *key, const char *what)
{
	if (v->type == JSON_NUMBER) {
		for (size_t i = 0; i < n; i++)
			out[i] = to_int(v, key, what);
		return;
	}
	if (v->type != JSON_ARRAY || v->n != n)
		uni_die("%s: '%s' should be an integer or an array of %zu integers (fix: give the "
			"model.json and weight shards as TensorFlow.js saved them)", what, key, n);
	for (size_t i = 0; i < n; i++)
		out[i] = to_int(v->items[i], key, what);
}

bool json_ints(const struct json *obj, const char *key, int *out, size_t n, const char *what)
{
	const struct json *v = json_get(obj, key);
	if (!v || v->type == JSON_NULL)
		return false;
	json_ints_value(v, out, n, key, what);
	return true;
}
