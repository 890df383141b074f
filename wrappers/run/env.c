/* env.c: the guest's environment, as a container's starts: PATH, HOME, HOSTNAME and (when
 * stdout is a terminal) TERM by default; with --host-env first uni-run's own environment but for
 * what describes the host; then every -e, each of which replaces an earlier variable of its name. */
#include "run.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

/* docker's PATH for a Debian image; HOSTNAME is the runtime's uname nodename and /etc/hostname. */
static const char *const defaults[] = {
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	"HOME=/root",
	"HOSTNAME=uni",
};

/* Variables of the host that --host-env leaves out: the guest has its own, or they would
 * mislead it (a host shell's state, the host's loader, uni's own settings). */
static int host_only(const char *kv)
{
	static const char *const names[] = { "PATH", "HOME", "HOSTNAME", "TERM", "PWD", "OLDPWD", "SHLVL", "_" };
	size_t n = strcspn(kv, "=");
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strlen(names[i]) == n && strncmp(kv, names[i], n) == 0)
			return 1;
	return strncmp(kv, "UNI_", 4) == 0 || strncmp(kv, "LD_", 3) == 0;
}

/* Sets kv in e, replacing the variable of the same name if there is one. */
static void put(struct strv *e, const char *kv)
{
	size_t n = strcspn(kv, "=");
	for (size_t i = 0; i < e->n; i++)
		if (strncmp(e->v[i], kv, n) == 0 && e->v[i][n] == '=') {
			e->v[i] = (char *)kv;
			return;
		}
	strv_push(e, kv);
}

void env_build(struct run_opts *o)
{
	struct strv e = { 0 };
	if (o->host_env)
		for (char **p = environ; *p; p++)
			if (strchr(*p, '=') && !host_only(*p))
				put(&e, *p);
	for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
		put(&e, defaults[i]);
	if (isatty(1)) {
		const char *term = getenv("TERM");
		put(&e, uni_strf("TERM=%s", term && *term ? term : "xterm"));
	}
	for (size_t i = 0; i < o->env.n; i++)
		put(&e, o->env.v[i]);
	o->env = e;
}
