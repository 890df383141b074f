/* run.c: run the host ld, pass its messages on, and sum up each undefined symbol with its fix. */
#include "ld.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

struct undef {
	char *sym, *wanter;
};

static struct undef *undefs;
static size_t nundefs;

static void note_undef(const char *sym, size_t symlen, const char *wanter)
{
	for (size_t i = 0; i < nundefs; i++)
		if (strlen(undefs[i].sym) == symlen && strncmp(undefs[i].sym, sym, symlen) == 0)
			return;
	undefs = realloc(undefs, (nundefs + 1) * sizeof *undefs);
	if (!undefs)
		uni_die("memory: out of memory (fix: free memory, or give the machine more)");
	undefs[nundefs].sym = strndup(sym, symlen);
	undefs[nundefs].wanter = uni_xstrdup(wanter);
	nundefs++;
}

/* ld says, for an undefined symbol:
 *   ld: x.o: in function `main':
 *   x.c:(.text+0x9): undefined reference to `foo'
 * or, for a reference outside any function, "ld: x.o:(.data+0x0): undefined reference to `foo'". */
static void parse(char *line, const char *prefix, char **object)
{
	size_t plen = strlen(prefix);
	char *body = strncmp(line, prefix, plen) == 0 ? line + plen : NULL;
	char *in_fn = strstr(line, ": in function `");
	if (body && in_fn) {
		free(*object);
		*object = strndup(body, (size_t)(in_fn - body));
		return;
	}
	char *ref = strstr(line, "undefined reference to `");
	if (!ref)
		return;
	char *sym = ref + strlen("undefined reference to `");
	char *end = strchr(sym, '\'');
	if (!end)
		return;
	char *where = body ? body : line;
	char *paren = strstr(where, ":(");
	const char *wanter = body && paren ? strndup(where, (size_t)(paren - where)) : *object;
	if (!wanter)
		wanter = "an input";
	/* The source name ld prints ("x.c:(.text...)") helps when the object is a compiler temp. */
	if (!body && paren && *object)
		wanter = uni_strf("%s, from %.*s", *object, (int)(paren - where), where);
	note_undef(sym, (size_t)(end - sym), wanter);
}

/* Runs argv with its stderr handed to each() line by line; returns ld's exit status, 128+N when
 * a signal N killed it. */
int ld_run_lines(char *const argv[], void (*each)(char *line, void *ctx), void *ctx)
{
	struct uni_spawn s = { .argv = argv, .capture = 2 };
	int e = uni_spawn(&s);
	if (e) {
		fprintf(stderr, "uni-ld: link: cannot run the host linker %s: %s (fix: install binutils)\n",
			argv[0], strerror(e));
		return 127;
	}
	FILE *err = fdopen(s.out_fd, "r");
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, err) > 0)
		each(line, ctx);
	fclose(err);
	int status = uni_reap(s.pid);
	if (WIFSIGNALED(status))
		fprintf(stderr, "uni-ld: link: the host ld was killed by signal %d (%s) (fix: see why, e.g. "
			"memory; then link again)\n", WTERMSIG(status), strsignal(WTERMSIG(status)));
	return uni_exit_code(status);
}

struct echo {
	char *prefix, *object;
	struct strv held;   /* a position-independent link's lines, until it is known to stand */
	char *pie_refused;  /* the object ld refused position-independence for */
};

/* The link's own stderr: shown, except the image check's symbol traces, and read for undefined
 * symbols. */
static void echo_line(char *line, void *ctx)
{
	struct echo *e = ctx;
	if (image_check_line(line, e->prefix))
		return;
	fputs(line, stderr);
	parse(line, e->prefix, &e->object);
}

/* ld says, for code that cannot be in a position-independent executable:
 *   ld: x.o: relocation R_X86_64_32S against `.rodata' can not be used when making a PIE
 *   object; recompile with -fPIE */
static void hold_line(char *line, void *ctx)
{
	struct echo *e = ctx;
	char *what = strstr(line, ": relocation ");
	if (!e->pie_refused && what && strstr(what, "when making a PIE object")) {
		size_t plen = strlen(e->prefix);
		char *body = strncmp(line, e->prefix, plen) == 0 ? line + plen : line;
		e->pie_refused = what > body ? strndup(body, (size_t)(what - body)) : uni_xstrdup("an input");
	}
	strv_push(&e->held, uni_xstrdup(line));
}

int ld_run(char *const argv[], char **pie_refused)
{
	struct echo e = { uni_strf("%s: ", argv[0]), NULL, { 0 }, NULL };
	int rc = ld_run_lines(argv, pie_refused ? hold_line : echo_line, &e);
	if (rc != 0 && e.pie_refused) {
		*pie_refused = e.pie_refused;
		return rc;
	}
	for (size_t i = 0; i < e.held.n; i++)
		echo_line(e.held.v[i], &e);
	for (size_t i = 0; i < nundefs; i++)
		fprintf(stderr,
			"uni-ld: link: undefined symbol '%s' (wanted by %s): neither libc nor the uni runtime "
			"provides it (fix: add the library that defines it, -lNAME)\n",
			undefs[i].sym, undefs[i].wanter);
	return rc;
}
