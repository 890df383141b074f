/* kcmdline.c: the guest command line: "uni.KEY=VALUE ... -- argv0 args", each token
 * percent-encoded; for linux-microvm after Linux's own parameters. */
#include "run.h"

#include "uni/abi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * QEMU on microvm passes -append through fw_cfg with no limit of its own (measured: 131071
 * bytes arrive intact); the limit is Linux's for one execve argument, MAX_ARG_STRLEN = 32
 * pages including the NUL. Past it the exec of QEMU fails with E2BIG.
 */
#define KCMDLINE_MAX (32 * 4096 - 1)
/* Linux on x86 keeps at most COMMAND_LINE_SIZE = 2048 bytes, NUL included. */
#define KCMDLINE_LINUX_MAX 2047

struct sbuf {
	char *s;
	size_t len, cap;
};

static void put(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			uni_die("memory: out of memory (fix: free memory, or give the machine more)");
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/*
 * One token: a separating space, then every byte outside the safe set as %XX. An empty argument
 * becomes "%00": a guest that splits on spaces would lose a bare empty token, while "%00"
 * decodes in place to a C string that ends at once, i.e. "" (NUL cannot occur in an argument).
 */
static void token(struct sbuf *b, const char *s)
{
	static const char safe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
				   "._/:,+@=-";
	if (b->len)
		put(b, " ", 1);
	if (!*s)
		put(b, "%00", 3);
	for (; *s; s++) {
		char esc[4];
		if (strchr(safe, *s)) {
			put(b, s, 1);
		} else {
			snprintf(esc, sizeof esc, "%%%02X", (unsigned char)*s);
			put(b, esc, 3);
		}
	}
}

/*
 * Linux's own parameters for a linux-microvm guest: its console (kernel messages) on COM2, the
 * stderr channel, and quiet unless --verbose; no EDD probe (its BIOS message would land on
 * stdout); the TSC rate from the host, since microvm has no HPET or PM timer to calibrate it
 * against and calibrating against the PIT fails now and then under TCG (the boot then hangs);
 * and on panic a reboot, which -no-reboot turns into QEMU's exit.
 */
static void linux_params(struct sbuf *b, const struct run_opts *o, long khz)
{
	char *p = uni_strf("console=ttyS1 loglevel=%d edd=off panic=-1 tsc_early_khz=%ld%s",
			   o->verbose ? 7 : 1, khz, o->verbose ? " uni.verbose=1" : "");
	put(b, p, strlen(p));
}

char *kcmdline_build(const struct run_opts *o, const struct image *im, long khz, long long wall_ns,
		     uint64_t wall_tsc, int signals)
{
	struct sbuf b = { 0 };
	int microvm = im->kind == IMAGE_MICROVM;
	if (microvm)
		linux_params(&b, o, khz);
	if (khz) {
		token(&b, uni_strf("%s%ld", UNI_KEY_TSC_KHZ, khz));
		token(&b, uni_strf("%s%lld", UNI_KEY_WALL, wall_ns));
		token(&b, uni_strf("%s%llu", UNI_KEY_WALL_TSC, (unsigned long long)wall_tsc));
	}
	if (o->cpus > 1)
		token(&b, uni_strf("uni.cpus=%d", o->cpus));
	/* Which of our stdin/stdout/stderr are terminals: the guest's isatty() answers the same,
	 * so its stdio buffers as it would here. The runtime's default is "none". */
	unsigned tty = 0;
	for (int fd = 0; fd < 3; fd++)
		tty |= (unsigned)(isatty(fd) == 1) << fd;
	if (tty)
		token(&b, uni_strf("uni.tty=%u", tty));
	if (signals)
		token(&b, uni_strf("%s1", UNI_KEY_SIGNALS));
	if (o->trace)
		token(&b, uni_strf("%s1", UNI_KEY_TRACE));
	if (o->workdir)
		token(&b, uni_strf("%s%s", UNI_KEY_WORKDIR, o->workdir));
	for (size_t i = 0; i < o->env.n; i++)
		token(&b, uni_strf("%s%s", UNI_KEY_ENV, o->env.v[i]));
	/* Static configuration of the first NIC (docs/NETWORKING.md); net_plan refused it without a
	 * NIC and filled in what QEMU's user network implies. */
	const struct net_opts *n = &o->net;
	if (n->prefix)
		token(&b, uni_strf("uni.ip=%s/%d", ipv4_str(n->ip), n->prefix));
	if (n->have_gw)
		token(&b, uni_strf("uni.gw=%s", ipv4_str(n->gw)));
	for (int i = 0; i < n->n_dns; i++)
		token(&b, uni_strf("uni.dns=%s", ipv4_str(n->dns[i])));
	if (n->n_nics && n->nics[0].kind == NIC_USER && n->passt)
		token(&b, uni_strf("%s1", UNI_KEY_PASST));
	token(&b, "--");
	token(&b, uni_basename(o->image));
	for (int i = 0; i < o->nargs; i++)
		token(&b, o->args[i]);
	if (microvm && b.len > KCMDLINE_LINUX_MAX)
		uni_die("command line: the kernel command line (Linux's parameters, arguments and "
			"-e variables, percent-encoded) is %zu bytes; Linux keeps at most %d (fix: "
			"pass less, or use the pvh platform)",
			 b.len, KCMDLINE_LINUX_MAX);
	if (b.len > KCMDLINE_MAX)
		uni_die("command line: the guest's (arguments and -e variables, percent-encoded) "
			"is %zu bytes; QEMU can pass at most %d (fix: pass fewer or shorter "
			"arguments and variables, or put them in a file with -v)",
			 b.len, KCMDLINE_MAX);
	return b.s;
}
