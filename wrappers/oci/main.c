/* main.c: uni-oci IMAGE -o DIR [--tag NAME:TAG] [--env K=V]... [-- ARGS...]: an OCI image
 * layout that runs a uni image as a container (directly, UNI_DIRECT=1) or as a KubeVirt VM
 * (kernelBoot from /boot/NAME). docs/KUBERNETES.md. */
#include "oci.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fputs("usage: uni-oci IMAGE -o DIR [--tag NAME:TAG] [--env K=V]... [-- ARGS...]\n"
	      "  writes an OCI image layout in DIR holding the uni image IMAGE as /boot/NAME (owned\n"
	      "  107:107, for KubeVirt's kernelBoot kernelPath) and /uni/NAME, the container's\n"
	      "  entrypoint, run directly with UNI_DIRECT=1.\n"
	      "  -o DIR          the layout (created; an existing layout there is replaced)\n"
	      "  --tag NAME:TAG  NAME names the file (its last component), TAG is index.json's\n"
	      "                  ref name (default: IMAGE's file name, latest)\n"
	      "  --env K=V       an environment variable of the container (repeatable)\n"
	      "  -- ARGS...      the container's default arguments (its Cmd)\n"
	      "  docs/KUBERNETES.md shows the Deployment and the VirtualMachine that use it.\n",
	      f);
}

/* An OCI tag: [A-Za-z0-9_][A-Za-z0-9._-]{0,127} (image-spec annotations / distribution). */
static int valid_tag(const char *t)
{
	size_t n = strlen(t);
	if (n == 0 || n > 128 || !(isalnum((unsigned char)t[0]) || t[0] == '_'))
		return 0;
	return strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* A file name for the layer: letters, digits, '.', '_', '-', not starting with '.'. */
static int valid_name(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= 64 && s[0] != '.' &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* NAME:TAG; the tag's colon is the last one after the last '/' (a registry may have a port). */
static void parse_tag(struct oci_opts *o, const char *arg)
{
	const char *slash = strrchr(arg, '/'), *colon = strrchr(arg, ':');
	char *name = uni_xstrdup(arg);
	o->tag = "latest";
	if (colon && (!slash || colon > slash)) {
		name[colon - arg] = 0;
		o->tag = colon + 1;
	}
	o->name = uni_basename(name);
	if (!valid_tag(o->tag))
		uni_die("--tag %s: the tag '%s' is not a valid OCI tag "
			"([A-Za-z0-9_][A-Za-z0-9._-], at most 128) (fix: use e.g. --tag hello:1.0)", arg, o->tag);
	if (!valid_name(o->name))
		uni_die("--tag %s: the name '%s' is not a usable file name (letters, digits, '.', "
			"'_', '-', at most 64) (fix: use e.g. --tag registry.example/hello:1.0)", arg, o->name);
}

/* K=V with K a shell-style variable name, as a container's Env entry must be to be usable. */
static void add_env(struct oci_opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t k = eq ? (size_t)(eq - arg) : 0;
	if (!eq || k == 0 || isdigit((unsigned char)arg[0]) ||
	    strspn(arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != k)
		uni_die("--env %s: not K=V with K made of letters, digits and '_', not starting "
			"with a digit (fix: e.g. --env GREETING=Hi)", arg);
	strv_push(&o->env, arg);
}

int main(int argc, char **argv)
{
	struct oci_opts o = { 0 };
	const char *tag = NULL;
	uni_init(argv[0], "uni-oci", 1);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				strv_push(&o.args, argv[i]);
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("uni-oci (uni %s)\n", UNI_VERSION);
			return 0;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--tag") || !strcmp(a, "--env")) {
			if (i + 1 == argc)
				uni_die("options: %s needs a value (fix: see uni-oci --help)", a);
			const char *v = argv[++i];
			if (a[1] == 'o')
				o.dir = v;
			else if (a[2] == 't')
				tag = v;
			else
				add_env(&o, v);
		} else if (a[0] == '-' && a[1]) {
			uni_die("options: unknown option %s (fix: see uni-oci --help)", a);
		} else if (o.image) {
			uni_die("options: a second IMAGE %s (the first is %s) (fix: give one "
				"image; its arguments go after --)",
				a, o.image);
		} else {
			o.image = a;
		}
	}
	if (!o.image || !o.dir) {
		usage(stderr);
		uni_die("options: %s (fix: see the usage above)", !o.image ? "no IMAGE given" : "no -o DIR given");
	}
	if (tag)
		parse_tag(&o, tag);
	else
		parse_tag(&o, uni_basename(o.image));
	size_t size;
	char *data = oci_read_image(o.image, &size);
	oci_write_layout(&o, data, size);
	printf("%s: %s:%s (/%s/%s, kernelPath /%s/%s)\n", o.dir, o.name, o.tag, OCI_ENTRY_DIR, o.name,
	       OCI_KERNEL_DIR, o.name);
	return 0;
}
