/* args.c: the walk every compiler driver makes over its (expanded) command line: inputs,
 * options its table knows (with their values) and options it passes through. */
#include "uni.h"

#include <string.h>

void uni_walk_args(int argc, char **argv, struct strv *out, int *inputs,
		   const void *(*find)(const char *arg, struct uni_opt_use *use),
		   bool (*take)(const void *entry, const struct uni_opt_use *use, void *ctx), void *ctx)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || a[1] == '\0') {
			(*inputs)++;
			strv_push(out, a);
			continue;
		}
		struct uni_opt_use use = { .arg = a };
		const void *entry = find(a, &use);
		if (entry && use.separate) {
			if (i + 1 >= argc)
				uni_die("options: missing argument to '%s' (fix: give its value after it)", a);
			use.value = argv[i + 1];
		}
		bool keep = !entry || take(entry, &use, ctx);
		if (keep)
			strv_push(out, a);
		if (entry && use.separate) {
			i++;
			if (keep)
				strv_push(out, argv[i]);
		}
	}
}
