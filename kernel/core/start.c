/* Ring 3 from the first instruction on: sets up the runtime, then builds the initial
 * process stack exactly as Linux does (argc, argv, envp, auxv) and enters musl's _start. */
#include <elf.h>
#include <string.h>
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/fs.h"
#include "uni/mm.h"
#include "uni/platform.h"
#include "uni/runtime.h"
#include "uni/sched.h"
#include "uni/signal.h"
#include "platform/pvh/start_info.h"

struct uni_boot uni_boot;
extern const Elf64_Ehdr __ehdr_start;
extern void _start(void);

/* Copies the initial stack image to [top - len, top), points rsp at it and jumps to entry
 * (arch/x86_64/enter.S): the copy overwrites the caller's own frame. */
_Noreturn void uni_enter_program(const void *image, uint64_t len, uint64_t top, void (*entry)(void));

/* Until musl installs the real thread pointer, %fs points here so that errno and
 * __pthread_self() used by runtime code before _start hit harmless memory. */
static uint64_t early_thread[128] __attribute__((aligned(64)));

/* The initial stack is laid out in a buffer as it will sit below 'top': strings at the top,
 * argc, argv, envp and auxv at the 16-byte aligned bottom. The runtime's own frame is near
 * 'top', so the buffer is moved into place only at the very end (uni_enter_program). */
struct layout {
	char *buf;
	uint64_t top, size, used;   /* 'used' grows down from the end of buf */
};

static uint64_t put(struct layout *l, const void *p, size_t n)
{
	l->used += n;
	memcpy(l->buf + l->size - l->used, p, n);
	return l->top - l->used;   /* the final address */
}

/* The main thread's name (prctl PR_GET_NAME) is the program's file name, as on Linux. */
static void name_main_thread(const char *argv0)
{
	if (!argv0)
		return;
	const char *slash = strrchr(argv0, '/');
	strncpy(uni_main_thread.comm, slash ? slash + 1 : argv0, sizeof uni_main_thread.comm - 1);
}

_Noreturn void uni_user_start(void)
{
	uni_boot_cpu_init();
	early_thread[0] = (uint64_t)early_thread;
	uni_set_fs((uint64_t)early_thread);
	uni_console_init();

	uni_mm_init();
	uni_console_attach();
	const struct pvh_start_info *si = (const void *)uni_boot.start_info;
	struct uni_args a;
	uni_cmdline_parse(si->cmdline_paddr ? (char *)uni_boot_virt(si->cmdline_paddr) : "", &a);
	uni_fs_init(a.argv[0]);
	uni_workdir_enter(a.workdir);
	name_main_thread(a.argv[0]);
	if (uni_net_start)
		uni_net_start();   /* before main, so the program finds an address and /etc/resolv.conf */

	size_t strings = 16 + 7;
	for (int i = 0; i < a.argc; i++)
		strings += strlen(a.argv[i]) + 1;
	for (int i = 0; i < a.envc; i++)
		strings += strlen(a.envp[i]) + 1;
	enum { NAUX = 18 };
	size_t words = 1 + (size_t)a.argc + 1 + (size_t)a.envc + 1 + 2 * NAUX;
	/* The stack's top is randomized in 16-byte steps (as Linux's sub-page shift, and so rsp
	 * stays aligned) over up to an eighth of the stack, which the program's stack loses. */
	uint64_t stack_size = uni_boot.stack_top - uni_boot.stack_bottom;
	struct layout l = { 0, uni_boot.stack_top - uni_aslr_offset(stack_size / 8, 16), 0, 0 };
	l.size = (strings + words * 8 + 15) & ~15ull;
	l.buf = uni_mm_alloc(l.size);
	if (!l.buf || l.size > l.top - uni_boot.stack_bottom - 65536) {
		uni_log("arguments and environment (%llu bytes) do not fit the stack", (unsigned long long)l.size);
		uni_exit(126);
	}

	unsigned char rnd[16];
	uni_random_bytes(rnd, sizeof rnd);
	uint64_t at_random = put(&l, rnd, sizeof rnd);
	uint64_t platform = put(&l, "x86_64", 7);
	uint64_t env_addr[a.envc + 1];
	for (int i = a.envc - 1; i >= 0; i--)
		env_addr[i] = put(&l, a.envp[i], strlen(a.envp[i]) + 1);
	uint64_t argv_addr[a.argc + 1];
	for (int i = a.argc - 1; i >= 0; i--)
		argv_addr[i] = put(&l, a.argv[i], strlen(a.argv[i]) + 1);

	unsigned hwcap_a, hwcap_b, hwcap_c, hwcap_d;
	__asm__ volatile("cpuid" : "=a"(hwcap_a), "=b"(hwcap_b), "=c"(hwcap_c), "=d"(hwcap_d) : "a"(1), "c"(0));
	const uint64_t auxv[2 * NAUX] = {
		AT_PHDR, (uint64_t)&__ehdr_start + __ehdr_start.e_phoff,
		AT_PHENT, sizeof(Elf64_Phdr),
		AT_PHNUM, __ehdr_start.e_phnum,
		AT_PAGESZ, 4096,
		AT_ENTRY, (uint64_t)_start,
		AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0, AT_SECURE, 0,
		AT_HWCAP, hwcap_d,
		AT_CLKTCK, 100,
		AT_RANDOM, at_random,
		AT_PLATFORM, platform,
		AT_EXECFN, argv_addr[0],
		AT_NULL, 0, AT_NULL, 0, AT_NULL, 0,
	};
	/* The bottom: argc, argv[], NULL, envp[], NULL, auxv. */
	uint64_t *w = (uint64_t *)l.buf;
	*w++ = (uint64_t)a.argc;
	for (int i = 0; i < a.argc; i++)
		*w++ = argv_addr[i];
	*w++ = 0;
	for (int i = 0; i < a.envc; i++)
		*w++ = env_addr[i];
	*w++ = 0;
	memcpy(w, auxv, sizeof auxv);
	/* Last: from here on, runtime state is shared with the other CPUs (under the lock). */
	uni_smp_start(a.cpus);
	uni_hostsig_start();
	if (uni_plat->seal)
		uni_plat->seal();
	uni_enter_program(l.buf, l.size, l.top, _start);
}
