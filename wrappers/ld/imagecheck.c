/* imagecheck.c: uni-ld's link-time report of functions a pvh image links but cannot run as a
 * Linux process would (new processes and programs, dynamic loading, SysV IPC), naming callers. */
#include "ld.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What each does in an image (docs/BUILDING.md, "Functions uni-ld reports"): the runtime's
 * answer, checked by tests/drivers/image-check.test. */
#define NOPROC "returns -1 with errno ENOSYS: an image is one process (use threads)"
#define NOEXEC "returns -1 with errno ENOSYS: an image holds one program (link the other program's " \
	"code in, or run it as an image of its own)"
#define SHM "works between the image's own threads only: no other process can attach the segment"
#define SEM "works between the image's own threads only: no other process shares the semaphores"
#define MSG "works between the image's own threads only: no other process shares the queue"

static const struct watched {
	const char *sym, *effect;
} watched[] = {
	{ "fork", NOPROC }, { "vfork", NOPROC }, { "_Fork", NOPROC },
	{ "daemon", "returns -1 with errno ENOSYS: it forks, and an image is one process" },
	{ "forkpty", "returns -1: it forks, and an image is one process" },
	{ "execve", NOEXEC }, { "execv", NOEXEC }, { "execvp", NOEXEC }, { "execvpe", NOEXEC },
	{ "execl", NOEXEC }, { "execlp", NOEXEC }, { "execle", NOEXEC }, { "fexecve", NOEXEC },
	{ "posix_spawn", "returns EAGAIN: an image cannot start another process" },
	{ "posix_spawnp", "returns EAGAIN: an image cannot start another process" },
	{ "system", "returns -1 with errno EAGAIN: there is no shell or other program to run" },
	{ "popen", "returns NULL with errno EAGAIN: there is no shell or other program to run" },
	{ "wordexp", "returns WRDE_NOSPACE: it runs a shell, and an image cannot start one" },
	{ "dlopen", "returns NULL (dlerror: \"Dynamic loading not supported\"): an image is static; "
		    "link the library in" },
	{ "dlsym", "returns NULL (dlerror: \"Symbol not found\"): an image has no dynamic symbol table" },
	{ "shmget", SHM }, { "shmat", SHM }, { "shmdt", SHM }, { "shmctl", SHM },
	{ "semget", SEM }, { "semop", SEM }, { "semtimedop", SEM }, { "semctl", SEM },
	{ "msgget", MSG }, { "msgsnd", MSG }, { "msgrcv", MSG }, { "msgctl", MSG },
};
#define NWATCHED (sizeof watched / sizeof *watched)
#define SHOWN 3 /* callers named per function; the rest are counted */

static struct use {
	bool referenced;          /* by an input that is not libc or the runtime */
	const char *callers[SHOWN];
	int ncallers;
} uses[NWATCHED];

static int find(const char *sym, size_t len)
{
	for (size_t i = 0; i < NWATCHED; i++)
		if (strlen(watched[i].sym) == len && strncmp(watched[i].sym, sym, len) == 0)
			return (int)i;
	return -1;
}

/* libc's own calls (system calls posix_spawn...) and the runtime's are not the program's. */
static bool ours(const char *file, size_t len)
{
	const char *libc = uni_strf("%s/usr/lib/libc.a(", uni_sysroot());
	const char *rt = uni_strf("%s/usr/lib/uni/", uni_sysroot());
	return (len >= strlen(libc) && strncmp(file, libc, strlen(libc)) == 0) ||
	       (len >= strlen(rt) && strncmp(file, rt, strlen(rt)) == 0);
}

void image_check_trace(struct strv *cmd)
{
	for (size_t i = 0; i < NWATCHED; i++) {
		strv_push(cmd, "-y");
		strv_push(cmd, watched[i].sym);
		/* What ld names a reference to a function the runtime wraps (links_rsp). */
		strv_push(cmd, "-y");
		strv_pushf(cmd, "__wrap_%s", watched[i].sym);
	}
}

/* ld -y says "ld: FILE: reference to SYM" and "ld: FILE: definition of SYM". */
bool image_check_line(const char *line, const char *prefix)
{
	size_t plen = strlen(prefix);
	if (strncmp(line, prefix, plen) != 0)
		return false;
	const char *file = line + plen;
	const char *ref = strstr(file, ": reference to ");
	const char *def = strstr(file, ": definition of ");
	const char *at = ref ? ref : def;
	if (!at)
		return false;
	const char *sym = at + strlen(ref ? ": reference to " : ": definition of ");
	if (strncmp(sym, "__wrap_", 7) == 0)
		sym += 7;
	int i = find(sym, strcspn(sym, "\n"));
	if (i < 0)
		return false;
	if (ref && !ours(file, (size_t)(at - file)))
		uses[i].referenced = true;
	return true;
}

struct wrap_parse {
	const char *prefix;
	char *object, *function; /* from ld's last "OBJ: in function `FN':" line */
};

static void note_caller(int i, const char *caller)
{
	struct use *u = &uses[i];
	for (int k = 0; k < u->ncallers && k < SHOWN; k++)
		if (strcmp(u->callers[k], caller) == 0)
			return;
	if (u->ncallers < SHOWN)
		u->callers[u->ncallers] = caller;
	u->ncallers++;
}

/* gcc compiling and linking in one call links /tmp/ccXXXXXX.o, gone by the time anyone reads
 * the report: then the source place alone names the caller. */
static bool gcc_temp(const char *obj)
{
	const char *base = uni_basename(obj);
	const char *t = getenv("TMPDIR");
	size_t dir = (size_t)(base - obj);
	return strlen(base) == 10 && strncmp(base, "cc", 2) == 0 && strcmp(base + 8, ".o") == 0 &&
	       ((dir == 5 && strncmp(obj, "/tmp/", 5) == 0) ||
		(t && *t && dir > strlen(t) && strncmp(obj, t, strlen(t)) == 0));
}

/* A place in code: a source line (f.c:56) or a text section (f.c:(.text+0x2e)); a reference
 * from data reads f.o:(.data+0x0). */
static bool code_place(const char *place)
{
	const char *colon = strrchr(place, ':');
	if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1))
		return true;
	return strstr(place, ":(.text") != NULL;
}

/* The --wrap link's complaints name each call's function and place. ld names the function
 * when it changes, and prefixes the line when it does not:
 *   ld: f.o: in function `load_plugin':
 *   f.c:54: undefined reference to `__wrap_dlopen'
 *   ld: f.c:56: undefined reference to `__wrap_dlsym'
 * and outside any function: "ld: f.o:(.data+0x0): undefined reference to `__wrap_fork'". */
static void wrap_line(char *line, void *ctx)
{
	struct wrap_parse *w = ctx;
	line[strcspn(line, "\n")] = '\0';
	size_t plen = strlen(w->prefix);
	bool prefixed = strncmp(line, w->prefix, plen) == 0;
	char *in_fn = strstr(line, ": in function `");
	if (prefixed && in_fn) {
		char *fn = in_fn + strlen(": in function `");
		char *end = strrchr(fn, '\'');
		free(w->object);
		free(w->function);
		w->object = strndup(line + plen, (size_t)(in_fn - line - plen));
		w->function = strndup(fn, end ? (size_t)(end - fn) : strlen(fn));
		return;
	}
	char *ref = strstr(line, ": undefined reference to `__wrap_");
	if (!ref)
		return;
	char *sym = ref + strlen(": undefined reference to `__wrap_");
	int i = find(sym, strcspn(sym, "'"));
	if (i < 0)
		return;
	*ref = '\0';
	const char *place = prefixed ? line + plen : line;
	bool in_function = w->function && (!prefixed || code_place(place));
	const char *obj = in_function ? w->object : place;
	if (ours(obj, strlen(obj)))
		return;
	if (!in_function)
		note_caller(i, uni_xstrdup(place));
	else if (gcc_temp(w->object))
		note_caller(i, uni_strf("%s (%s)", w->function, place));
	else
		note_caller(i, uni_strf("%s in %s (%s)", w->function, w->object, place));
}

const char *links_archive(const char *rt)
{
	return uni_strf("%s/libuni-links.a", rt);
}

const char *links_rsp(const char *rt)
{
	return uni_strf("%s/links.rsp", rt);
}

/* Whether arg is the runtime's wrappers or their --wrap options (uni-ld adds both). */
static bool runtime_links(const char *arg)
{
	const char *rt = uni_strf("%s/usr/lib/uni/pvh", uni_sysroot());
	return strcmp(arg, links_archive(rt)) == 0 ||
	       (arg[0] == '@' && strcmp(arg + 1, links_rsp(rt)) == 0);
}

/* The link again, with each referenced function wrapped and no wrapper defined: ld then names
 * every call that survived --gc-sections. Options that write files besides the output go, and
 * so do the runtime's own wrappers, which would define some of those. */
static int wrap_link(char *const argv[])
{
	struct strv cmd = { 0 };
	for (size_t i = 0; argv[i]; i++) {
		if (runtime_links(argv[i]))
			continue;
		const struct ld_opt *o = argv[i][0] == '-' ? ld_lookup(argv[i]) : NULL;
		if (o && (strcmp(o->name, "-Map") == 0 || strcmp(o->name, "-dependency-file") == 0)) {
			if (!strchr(argv[i], '='))
				i++;
			continue;
		}
		strv_push(&cmd, argv[i]);
	}
	strv_push(&cmd, "-o");
	strv_push(&cmd, ld_tmp_path("wrapped"));
	for (size_t i = 0; i < NWATCHED; i++)
		if (uses[i].referenced)
			strv_pushf(&cmd, "--wrap=%s", watched[i].sym);
	struct wrap_parse w = { uni_strf("%s: ", argv[0]), NULL, NULL };
	return ld_run_lines(cmd.v, wrap_line, &w);
}

int image_check_report(char *const argv[], const char *output)
{
	bool any = false;
	for (size_t i = 0; i < NWATCHED; i++)
		any |= uses[i].referenced;
	if (!any || wrap_link(argv) == 0)
		return 0;
	const char *strict = getenv("UNI_STRICT");
	bool fail = strict && *strict && strcmp(strict, "0") != 0;
	int reported = 0;
	for (size_t i = 0; i < NWATCHED; i++) {
		const struct use *u = &uses[i];
		if (u->ncallers == 0)
			continue;
		reported++;
		fprintf(stderr, "uni-ld: %s: %s", fail ? "image check" : "warning", u->callers[0]);
		for (int k = 1; k < u->ncallers && k < SHOWN; k++)
			fprintf(stderr, ", %s", u->callers[k]);
		if (u->ncallers > SHOWN)
			fprintf(stderr, " and %d more", u->ncallers - SHOWN);
		fprintf(stderr, " use%s %s, which in an image %s\n", u->ncallers > 1 ? "" : "s",
			watched[i].sym, watched[i].effect);
	}
	if (!reported)
		return 0;
	if (!fail) {
		fprintf(stderr, "uni-ld: note: UNI_STRICT=1 makes %s an error (docs/BUILDING.md, \"Functions "
			"uni-ld reports\")\n", reported > 1 ? "these" : "this");
		return 0;
	}
	unlink(output);
	fprintf(stderr, "uni-ld: image check: UNI_STRICT=%s: not linking %s (fix: remove %s the program, "
		"or unset UNI_STRICT to link it with %s)\n", strict, output, reported > 1 ? "these calls from" :
		"this call from", reported > 1 ? "them" : "it");
	return 1;
}
