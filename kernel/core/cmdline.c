/* The kernel command line written by uni-run: percent-encoded tokens, runtime options
 * (uni.KEY=VALUE) first, then "--", then argv. Decoded in place. */
#include <string.h>
#include "uni/abi.h"
#include "uni/console.h"
#include "uni/percent.h"
#include "uni/runtime.h"
#include "uni/signal.h"

static int is_key(const char *t, const char *key)
{
	return strncmp(t, key, strlen(key)) == 0;
}

/* A decimal number as strtoull reads uni-run's values (digits up to the first other
 * character; past the largest value, the largest value), without linking strtoull's scanner
 * of every base and sign into every image. */
static unsigned long long number(const char *v)
{
	unsigned long long n = 0;
	for (; *v >= '0' && *v <= '9'; v++) {
		unsigned d = (unsigned)(*v - '0');
		if (n > (~0ull - d) / 10)
			return ~0ull;
		n = n * 10 + d;
	}
	return n;
}

/* Splits on spaces, applies options and fills out->argv/envp (arrays of pointers into
 * 'cmdline', allocated from free RAM, NULL-terminated). */
char *uni_boot_ip, *uni_boot_gw, *uni_boot_dns[2];
int uni_boot_passt;

void uni_cmdline_parse(char *cmdline, struct uni_args *out)
{
	size_t ntok = 1;
	for (char *p = cmdline; *p; p++)
		ntok += *p == ' ';
	char **tok = uni_mm_alloc((ntok + 2) * 2 * sizeof(char *));
	char **argv = tok, **envp = tok + ntok + 2;
	int argc = 0, envc = 0, in_args = 0;
	uint64_t tsc_khz = 0, wall = 0, wall_tsc = 0;
	out->cpus = 1;
	out->workdir = NULL;

	for (char *p = cmdline; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		char *t = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = 0;
		if (in_args) {
			uni_percent_decode(t);
			argv[argc++] = t;
		} else if (!strcmp(t, UNI_CMDLINE_ARGS)) {
			in_args = 1;
		} else if (!strncmp(t, "uni.", 4)) {
			uni_percent_decode(t);
			char *v = strchr(t, '=');
			v = v ? v + 1 : "";
			if (is_key(t, UNI_KEY_ENV))
				envp[envc++] = v;
			else if (is_key(t, UNI_KEY_TSC_KHZ))
				tsc_khz = number(v);
			else if (is_key(t, UNI_KEY_WALL))
				wall = number(v);
			else if (is_key(t, UNI_KEY_WALL_TSC))
				wall_tsc = number(v);
			else if (is_key(t, UNI_KEY_CPUS))
				out->cpus = (int)number(v);
			else if (is_key(t, UNI_KEY_IP))
				uni_boot_ip = v;
			else if (is_key(t, UNI_KEY_GW))
				uni_boot_gw = v;
			else if (is_key(t, UNI_KEY_PASST))
				uni_boot_passt = (int)number(v);
			else if (is_key(t, UNI_KEY_DNS)) {
				if (!uni_boot_dns[0])
					uni_boot_dns[0] = v;
				else if (!uni_boot_dns[1])
					uni_boot_dns[1] = v;
			} else if (is_key(t, UNI_KEY_SIGNALS))
				uni_hostsig_offered = (int)number(v);
			else if (is_key(t, UNI_KEY_TRACE))
				uni_trace_on = (int)number(v);
			else if (is_key(t, UNI_KEY_WORKDIR))
				out->workdir = v;
			else if (is_key(t, UNI_KEY_TTY))
				uni_console_set_tty((unsigned)number(v));
			else if (!is_key(t, UNI_KEY_MEM))   /* the process platform's start took it */
				uni_log("ignoring unknown boot option '%s'", t);
		} else {
			/* Booted without uni-run (another VMM): plain words are argv. */
			uni_percent_decode(t);
			argv[argc++] = t;
		}
	}
	if (argc == 0)
		argv[argc++] = "uni";
	argv[argc] = NULL;
	envp[envc] = NULL;
	uni_clock_init(tsc_khz, wall);
	uni_wallclock_init(wall, wall_tsc);
	out->argc = argc, out->envc = envc, out->argv = argv, out->envp = envp;
}
