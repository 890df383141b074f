/* process.c: run a uni image on the process platform: the image executes as a host process
 * under its own seccomp sandbox (kernel/platform/process), told uni-run's command line and
 * volumes through the variables of uni/abi.h. */
#include "run.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "uni/abi.h"

int process_run(const struct run_opts *o, const struct image *im)
{
	struct strv env = { 0 }, argv = { 0 };
	char *cmdline = kcmdline_build(o, im, 0, 0, 0, 0);
	strv_pushf(&env, "%s=%s%llu %s", UNI_ENV_CMDLINE, UNI_KEY_MEM, mem_mib(o->mem) << 20, cmdline);
	const char *volumes = volumes_pack(o, im);
	if (volumes) {
		/* Inherited across exec; the runtime maps it and closes it. */
		int fd = open(volumes, O_RDONLY);
		if (fd < 0)
			uni_die("-v: cannot reopen the volume archive %s (fix: set TMPDIR to a "
				"directory that stays while uni-run runs)", volumes);
		strv_pushf(&env, "%s=%d", UNI_ENV_MODULE_FD, fd);
	}
	process_net_start(o, &env);
	/* After passt: no program uni-run starts but the image inherits the volume socket. */
	int vol_fd = volserve_start(o, im);
	if (vol_fd >= 0)
		strv_pushf(&env, "%s=%d", UNI_ENV_VOL_FD, vol_fd);
	if (o->verbose)
		volumes_describe(o, im, "9P from uni-run's server process");
	strv_push(&argv, uni_basename(im->path));
	if (o->verbose)
		fprintf(stderr, "uni-run: executing %s as a sandboxed process\n", im->path);
	int status = host_run(o, im, argv.v, env.v, 1);
	volserve_stop();
	passt_stop();
	return status;
}
