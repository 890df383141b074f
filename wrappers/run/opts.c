/* opts.c: the command line of uni-run: options before IMAGE, the guest's arguments after. */
#include "run.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: uni-run [OPTIONS] IMAGE [ARG...]\n"
	"Boot IMAGE (built by uni-cc) under QEMU with ARGs as its argv[1..]; exit with its status.\n"
	"A static x86_64 Linux executable (uni-cc --uni-platform=linux) is run directly; a\n"
	"linux-microvm image boots Debian's kernel with it as initramfs (auto accel: TCG; -m >= 80M).\n"
	"\n"
	"  -e K=V, --env K=V   set guest environment variable (repeatable; -e K copies K from here);\n"
	"                      the guest starts with PATH, HOME=/root, HOSTNAME=uni and, when stdout\n"
	"                      is a terminal, TERM, as a container does\n"
	"  --host-env          also pass uni-run's own environment (but PATH, HOME, HOSTNAME, TERM,\n"
	"                      PWD, OLDPWD, SHLVL, _, UNI_*, LD_*), for ctest's ENVIRONMENT\n"
	"  -w DIR, --workdir DIR  the program's working directory (absolute; created if missing;\n"
	"                      default /); --host-cwd: uni-run's own, for ctest's WORKING_DIRECTORY\n"
	"  -v HOSTDIR:/GUEST[:rw|:ro|:copy], --volume ...  mount HOSTDIR at /GUEST (repeatable):\n"
	"                      :rw (the default) writes go to HOSTDIR as they are made; :ro\n"
	"                      refuses writes; :copy gives a copy whose writes stay in the guest\n"
	"                      (a linux-microvm image gets every volume as a copy)\n"
	"  -m SIZE, --memory SIZE  guest memory, QEMU syntax (64M, 1G); default 128M\n"
	"  -p [[HOSTIP:]HOSTPORT:]GUESTPORT[/tcp|/udp], --publish ...  forward a host port (on\n"
	"                      127.0.0.1 unless HOSTIP; a free one, printed, without HOSTPORT) to a\n"
	"                      guest port (repeatable); needs an image that uses sockets\n"
	"  --net user|tap:IFNAME|none  one NIC on the user-mode network (the default for images\n"
	"                      that use sockets), on host tap interface IFNAME, or no NIC;\n"
	"                      repeatable: net0, net1, ...\n"
	"  --user-net passt|slirp|auto  what carries --net user in a VM: passt (a daemon per NIC;\n"
	"                      forwarded ports take bursts of connections), QEMU's own slirp, or\n"
	"                      auto: passt when installed; default $UNI_USER_NET or slirp\n"
	"  --ip A.B.C.D/N      static address of the first NIC (default DHCP); --gw A.B.C.D its\n"
	"                      gateway, --dns A.B.C.D a DNS server (repeatable)\n"
	"  --machine microvm|q35  QEMU machine (default microvm; q35 puts the NICs on PCI)\n"
	"  --timeout SECONDS   kill the guest after SECONDS (fractions allowed); exit 124\n"
	"  --accel kvm|tcg|process|auto\n"
	"                      how to run it (default $UNI_ACCEL or auto: KVM when usable, else\n"
	"                      process: the image as a sandboxed host process, else TCG)\n"
	"  --cpus N            virtual CPUs, 1 to 16 (default: $UNI_CPUS, else what the image\n"
	"                      asks for with uni-ld --cpus, else 1)\n"
	"  --qemu PATH         QEMU binary (default $UNI_QEMU or qemu-system-x86_64)\n"
	"  --qemu-arg ARG      append ARG to QEMU's command line (repeatable; for tracing)\n"
	"  --verbose           print the accelerator choice and the QEMU command line\n"
	"  --gdb[=PORT]        start the VM paused with QEMU's gdb server on 127.0.0.1:PORT (1234)\n"
	"                      and say how to attach (gdb IMAGE -ex 'target remote :PORT');\n"
	"                      docs/DEBUGGING.md\n"
	"  --trace[=FILE]      print each syscall of the program, strace-style, on stderr (lines\n"
	"                      starting 'uni-trace: ') or into FILE\n"
	"  -h, --help          print this help; --version: uni-run's version\n"
	"\n"
	"Networking: docs/NETWORKING.md. With -p, uni-run prints each forward on stderr:\n"
	"  uni-run: 127.0.0.1:8080 -> guest port 80/tcp\n"
	"\n"
	"Signals: SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 go to the program (its handlers\n"
	"run; without one it ends with 128+N); a second SIGINT within a second ends it at once.\n"
	"Exit status: the guest's, 124 on timeout, 125 for errors of uni-run or QEMU, 128+N when\n"
	"signal N ended it.\n";

static void usage_error(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	uni_vmessage(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(usage_text, stderr);
	exit(RUN_EXIT_ERROR);
}

enum opt_id {
	OPT_ENV, OPT_MEM, OPT_TIMEOUT, OPT_ACCEL, OPT_CPUS, OPT_QEMU, OPT_QEMU_ARG, OPT_VOLUME,
	OPT_PUBLISH, OPT_NET, OPT_USER_NET, OPT_IP, OPT_GW, OPT_DNS, OPT_MACHINE, OPT_VERBOSE, OPT_HELP,
	OPT_VERSION, OPT_HOST_ENV, OPT_WORKDIR, OPT_HOST_CWD, OPT_TRACE, OPT_GDB
};

/* Every option, and whether it takes an argument (2: only as --long=VALUE), is known here and
 * nowhere else. */
static const struct {
	const char *shrt, *lng;
	int has_arg;
	enum opt_id id;
} table[] = {
	{ "-e", "--env", 1, OPT_ENV },
	{ "-m", "--memory", 1, OPT_MEM },
	{ NULL, "--host-env", 0, OPT_HOST_ENV },
	{ "-w", "--workdir", 1, OPT_WORKDIR },
	{ NULL, "--host-cwd", 0, OPT_HOST_CWD },
	{ NULL, "--trace", 2, OPT_TRACE },
	{ NULL, "--gdb", 2, OPT_GDB },
	{ NULL, "--timeout", 1, OPT_TIMEOUT },
	{ NULL, "--accel", 1, OPT_ACCEL },
	{ NULL, "--cpus", 1, OPT_CPUS },
	{ NULL, "--qemu", 1, OPT_QEMU },
	{ NULL, "--qemu-arg", 1, OPT_QEMU_ARG },
	{ "-v", "--volume", 1, OPT_VOLUME },
	{ "-p", "--publish", 1, OPT_PUBLISH },
	{ NULL, "--net", 1, OPT_NET },
	{ NULL, "--user-net", 1, OPT_USER_NET },
	{ NULL, "--ip", 1, OPT_IP },
	{ NULL, "--gw", 1, OPT_GW },
	{ NULL, "--dns", 1, OPT_DNS },
	{ NULL, "--machine", 1, OPT_MACHINE },
	{ NULL, "--verbose", 0, OPT_VERBOSE },
	{ "-h", "--help", 0, OPT_HELP },
	{ NULL, "--version", 0, OPT_VERSION },
};

/* QEMU's -m syntax as far as a guest needs it: an integer with an optional K/M/G/T suffix. */
static int valid_mem(const char *s)
{
	size_t digits = strspn(s, "0123456789");
	if (digits == 0)
		return 0;
	s += digits;
	if (*s && strchr("KMGTkmgt", *s))
		s++;
	return *s == '\0';
}

/* -e K=V, or docker's -e K: the value from our environment, or nothing if it is unset. */
static void opt_env(struct run_opts *o, const char *name, const char *arg)
{
	if (!*arg || *arg == '=')
		usage_error("%s: needs K=V or K, got '%s' (fix: -e NAME=VALUE)", name, arg);
	if (strchr(arg, '=')) {
		strv_push(&o->env, arg);
		return;
	}
	const char *v = getenv(arg);
	if (v)
		strv_push(&o->env, uni_strf("%s=%s", arg, v));
}

/* HOST:/GUEST[:rw|:ro|:copy], as docker writes it (plus :copy); the host part is checked now,
 * so a typo fails before anything boots. */
static void opt_volume(struct run_opts *o, const char *name, const char *arg)
{
	char *spec = uni_xstrdup(arg), *guest = strchr(spec, ':');
	if (!guest || guest == spec || guest[1] != '/')
		usage_error("%s '%s': not HOSTDIR:/GUEST/PATH[:rw|:ro|:copy] (fix: give both paths, the "
			    "guest's absolute)", name, arg);
	*guest++ = '\0';
	struct volume v = { .spec = arg, .host = spec, .guest = guest, .mode = VOLUME_SHARED };
	char *mode = strrchr(guest, ':');
	if (mode) {
		if (strcmp(mode, ":ro") == 0)
			v.mode = VOLUME_RO;
		else if (strcmp(mode, ":copy") == 0)
			v.mode = VOLUME_COPY;
		else if (strcmp(mode, ":rw") != 0)
			usage_error("%s '%s': unknown volume option '%s' (fix: the options after the guest "
				    "path are :rw, :ro and :copy)", name, arg, mode);
		*mode = '\0';
	}
	struct stat st;
	if (stat(spec, &st) != 0)
		uni_die("%s %s: host path %s does not exist (%s) (fix: create it or fix the path)", name,
			arg, spec, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		uni_die("%s %s: host path %s is not a directory (fix: give a directory)", name, arg, spec);
	struct volumes *vs = &o->volumes;
	vs->v = realloc(vs->v, (vs->n + 1) * sizeof *vs->v);
	if (!vs->v)
		uni_die("%s: out of memory (fix: fewer -v options)", name);
	vs->v[vs->n++] = v;
}

/* The numbers: --timeout's seconds, --cpus, --gdb's port. */
static void opt_number(struct run_opts *o, enum opt_id id, const char *name, const char *arg)
{
	char *end;
	if (id == OPT_TIMEOUT) {
		errno = 0;
		o->timeout = strtod(arg, &end);
		if (errno || end == arg || *end || !isfinite(o->timeout) || o->timeout <= 0)
			usage_error("%s: invalid number of seconds '%s' (fix: a positive number, e.g. 2.5)",
				    name, arg);
	} else if (id == OPT_CPUS) {
		long n = strtol(arg, &end, 10);
		if (end == arg || *end || n < 1 || n > 16)
			usage_error("%s: invalid CPU count '%s' (1 to 16) (fix: a whole number from 1 to 16)",
				    name, arg);
		o->cpus = (int)n;
	} else {
		long port = arg ? strtol(arg, &end, 10) : 1234;
		if (arg && (end == arg || *end || port < 1 || port > 65535))
			usage_error("%s=%s: invalid port (1 to 65535) (fix: --gdb or --gdb=PORT)", name, arg);
		o->gdb_port = (int)port;
	}
}

/* The options that choose among names: --user-net, --machine. */
static void opt_choice(struct run_opts *o, enum opt_id id, const char *name, const char *arg)
{
	if (id == OPT_USER_NET) {
		if (strcmp(arg, "auto") && strcmp(arg, "passt") && strcmp(arg, "slirp"))
			usage_error("%s: unknown user network '%s' (fix: use passt, slirp or auto)", name, arg);
		o->net.user_net = arg;
	} else {
		if (strcmp(arg, "microvm") && strcmp(arg, "q35"))
			usage_error("%s: unknown machine '%s' (fix: use microvm or q35)", name, arg);
		o->machine = arg;
	}
}

/* -w DIR (the guest's, absolute) or --host-cwd (uni-run's own). */
static void opt_workdir(struct run_opts *o, enum opt_id id, const char *name, const char *arg)
{
	if (id == OPT_HOST_CWD) {
		char *cwd = getcwd(NULL, 0);
		if (!cwd)
			uni_die("%s: cannot read uni-run's working directory: %s (fix: cd to a directory "
				"that exists)", name, strerror(errno));
		o->workdir = cwd;
		return;
	}
	if (arg[0] != '/')
		usage_error("%s '%s': the guest's working directory must be absolute (fix: -w /PATH)",
			    name, arg);
	o->workdir = arg;
}

/* The networking options, parsed by net_opts.c. */
static void opt_net(struct run_opts *o, enum opt_id id, const char *arg)
{
	switch (id) {
	case OPT_PUBLISH: net_opt_publish(&o->net, arg); break;
	case OPT_NET: net_opt_net(&o->net, arg); break;
	case OPT_IP: net_opt_ip(&o->net, arg); break;
	case OPT_GW: net_opt_gw(&o->net, arg); break;
	default: net_opt_dns(&o->net, arg); break;
	}
}

static void apply(struct run_opts *o, enum opt_id id, const char *name, const char *arg)
{
	switch (id) {
	case OPT_ENV: opt_env(o, name, arg); break;
	case OPT_VOLUME: opt_volume(o, name, arg); break;
	case OPT_TIMEOUT: case OPT_CPUS: case OPT_GDB: opt_number(o, id, name, arg); break;
	case OPT_USER_NET: case OPT_MACHINE: opt_choice(o, id, name, arg); break;
	case OPT_WORKDIR: case OPT_HOST_CWD: opt_workdir(o, id, name, arg); break;
	case OPT_PUBLISH: case OPT_NET: case OPT_IP: case OPT_GW: case OPT_DNS: opt_net(o, id, arg); break;
	case OPT_MEM:
		if (!valid_mem(arg))
			usage_error("%s: invalid memory size '%s' (fix: QEMU's syntax, e.g. 64M, 1G)", name, arg);
		o->mem = arg;
		break;
	case OPT_ACCEL: o->accel = arg; break;
	case OPT_QEMU: o->qemu = arg; break;
	case OPT_QEMU_ARG: strv_push(&o->qemu_args, arg); break;
	case OPT_VERBOSE: o->verbose = 1; break;
	case OPT_HOST_ENV: o->host_env = 1; break;
	case OPT_TRACE:
		o->trace = 1;
		o->trace_file = arg;
		break;
	case OPT_HELP:
		fputs(usage_text, stdout);
		exit(0);
	case OPT_VERSION:
		printf("uni-run (uni %s)\n", UNI_VERSION);
		exit(0);
	}
}

void opts_parse(struct run_opts *o, int argc, char **argv)
{
	const char *env_accel = getenv("UNI_ACCEL"), *env_qemu = getenv("UNI_QEMU");
	*o = (struct run_opts){
		.mem = "128M",
		.machine = "microvm",
		.timeout = -1,
		.accel = env_accel && *env_accel ? env_accel : "auto",
		.qemu = env_qemu && *env_qemu ? env_qemu : "qemu-system-x86_64",
	};
	const char *env_cpus = getenv("UNI_CPUS"), *env_user_net = getenv("UNI_USER_NET");
	if (env_cpus && *env_cpus)
		apply(o, OPT_CPUS, "UNI_CPUS", env_cpus);
	if (env_user_net && *env_user_net)
		apply(o, OPT_USER_NET, "UNI_USER_NET", env_user_net);
	int i = 1;
	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		const char *a = argv[i++];
		if (strcmp(a, "--") == 0)
			break;
		size_t k, nt = sizeof table / sizeof *table;
		const char *arg = NULL;
		for (k = 0; k < nt; k++) {
			size_t ln = strlen(table[k].lng);
			if (strcmp(a, table[k].lng) == 0 || (table[k].shrt && strcmp(a, table[k].shrt) == 0))
				break;
			/* --long=VALUE, and -eVALUE / -mVALUE glued as getopt allows. */
			if (table[k].has_arg && strncmp(a, table[k].lng, ln) == 0 && a[ln] == '=') {
				arg = a + ln + 1;
				break;
			}
			if (table[k].has_arg && table[k].shrt && strncmp(a, table[k].shrt, 2) == 0) {
				arg = a + 2;
				break;
			}
		}
		if (k == nt)
			usage_error("options: unknown option '%s' (fix: see the usage below)", a);
		if (table[k].has_arg == 1 && !arg) {
			if (i == argc)
				usage_error("options: option '%s' needs an argument (fix: see the usage below)", a);
			arg = argv[i++];
		}
		apply(o, table[k].id, table[k].lng, arg);
	}
	o->accel_from_env = env_accel && o->accel == env_accel;
	if (strcmp(o->accel, "auto") && strcmp(o->accel, "kvm") && strcmp(o->accel, "tcg") &&
	    strcmp(o->accel, "process"))
		usage_error("--accel: invalid accelerator '%s' (from %s) (fix: use kvm, tcg, process or auto)",
			    o->accel, env_accel && o->accel == env_accel ? "UNI_ACCEL" : "--accel");
	if (i == argc)
		usage_error("options: no IMAGE given (fix: uni-run [OPTIONS] IMAGE [ARG...])");
	env_build(o);
	o->image = argv[i++];
	o->args = argv + i;
	o->nargs = argc - i;
}
