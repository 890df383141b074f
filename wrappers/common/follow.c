/* follow.c: after out/ was moved or unpacked elsewhere, points its Meson cross files at where
 * it is now, on the first compiler-driver call there (toolchains/relocate.sh does it by hand).
 * Meson 1.0 cannot name a path relative to a cross file, so they hold out/'s absolute path.
 * They belong to the package uni-toolchains (out/toolchains links into the sysroot): the
 * rewritten file is its template written for the new place, as `uni-pkg verify` checks
 * (sysroots/install.sh). */
#include "uni.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OUT_LINE "\nout = '"

/* A small text file, whole; NULL when it cannot be read. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *text = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&text, &n);
	char buf[4096];
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, got, mem);
	fclose(mem);
	fclose(f);
	return text;
}

/* The start of the path in text's "out = '...'" line and its length; NULL if it has none. */
static const char *named_out(const char *text, size_t *len)
{
	const char *s = strstr(text, OUT_LINE);
	if (!s)
		return NULL;
	s += strlen(OUT_LINE);
	const char *e = strchr(s, '\'');
	if (!e)
		return NULL;
	*len = (size_t)(e - s);
	return s;
}

static bool names(const char *text, const char *out)
{
	size_t len;
	const char *s = named_out(text, &len);
	return !s || (len == strlen(out) && strncmp(s, out, len) == 0);
}

/* Rewrites one cross file through a temporary name; false if the folder is not writable. */
static bool repoint(const char *path, const char *text, const char *out)
{
	size_t len;
	const char *s = named_out(text, &len);
	char *tmp = uni_strf("%s.tmp%d", path, (int)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f)
		return false;
	bool ok = fprintf(f, "%.*s%s%s", (int)(s - text), text, out, s + len) > 0;
	ok = fclose(f) == 0 && ok && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok;
}

void uni_follow_out(void)
{
	const char *out = uni_out_dir();
	char *dir = uni_strf("%s/toolchains", out);
	char *main_file = uni_strf("%s/%s.meson", dir, UNI_TRIPLE);
	char *text = slurp(main_file);
	/* The common case costs one read. A quote or backslash cannot be in a Meson string:
	 * relocate.sh says so when run. */
	bool current = !text || names(text, out) || strpbrk(out, "'\\");
	free(text);
	free(main_file);
	DIR *d = current ? NULL : opendir(dir);
	int moved = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		if (n < 7 || strcmp(e->d_name + n - 6, ".meson") != 0)
			continue;
		char *path = uni_strf("%s/%s", dir, e->d_name);
		char *t = slurp(path);
		if (t && !names(t, out) && repoint(path, t, out))
			moved++;
		free(t);
		free(path);
	}
	if (d)
		closedir(d);
	if (moved)
		fprintf(stderr, "%s: note: out/ is now %s: its Meson cross files in %s name it now\n", uni_prog,
			out, dir);
	free(dir);
}
