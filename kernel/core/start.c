/* Ring 3 from the first instruction on: sets up the runtime, then builds the initial
 * process stack exactly as Linux does (argc, argv, envp, auxv) and enters musl's _start. */
#include <elf.h>
#include <string.h>
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/runtime.h"
#include "platform/pvh/start_info.h"

struct uni_boot uni_boot;
extern const Elf64_Ehdr __ehdr_start;
extern void _start(void);

/* Until musl installs the real thread pointer, %fs points here so that errno and
 * __pthread_self() used by runtime code before _start hit harmless memory. */
static uint64_t early_thread[128] __attribute__((aligned(64)));

static char *push_bytes(char **sp, const void *p, size_t n)
{
	*sp -= n;
	memcpy(*sp, p, n);
	return *sp;
}

_Noreturn void uni_user_start(void)
{
	early_thread[0] = (uint64_t)early_thread;
	uni_set_fs((uint64_t)early_thread);

	uni_mm_init();
	const struct pvh_start_info *si = (const void *)uni_boot.start_info;
	struct uni_args a;
	uni_cmdline_parse(si->cmdline_paddr ? (char *)si->cmdline_paddr : "", &a);

	char *sp = (char *)uni_boot.stack_top;
	unsigned char rnd[16];
	uni_random_bytes(rnd, sizeof rnd);
	char *at_random = push_bytes(&sp, rnd, sizeof rnd);
	char *platform = push_bytes(&sp, "x86_64", 7);
	for (int i = a.envc - 1; i >= 0; i--)
		a.envp[i] = push_bytes(&sp, a.envp[i], strlen(a.envp[i]) + 1);
	for (int i = a.argc - 1; i >= 0; i--)
		a.argv[i] = push_bytes(&sp, a.argv[i], strlen(a.argv[i]) + 1);

	unsigned hwcap_a, hwcap_b, hwcap_c, hwcap_d;
	__asm__ volatile("cpuid" : "=a"(hwcap_a), "=b"(hwcap_b), "=c"(hwcap_c), "=d"(hwcap_d) : "a"(1), "c"(0));
	uint64_t auxv[] = {
		AT_PHDR, (uint64_t)&__ehdr_start + __ehdr_start.e_phoff,
		AT_PHENT, sizeof(Elf64_Phdr),
		AT_PHNUM, __ehdr_start.e_phnum,
		AT_PAGESZ, 4096,
		AT_ENTRY, (uint64_t)_start,
		AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0, AT_SECURE, 0,
		AT_HWCAP, hwcap_d,
		AT_CLKTCK, 100,
		AT_RANDOM, (uint64_t)at_random,
		AT_PLATFORM, (uint64_t)platform,
		AT_EXECFN, (uint64_t)a.argv[0],
		AT_NULL, 0,
	};
	size_t words = 1 + (size_t)a.argc + 1 + (size_t)a.envc + 1 + sizeof auxv / 8;
	sp = (char *)(((uint64_t)sp - words * 8) & ~15ull);
	uint64_t *w = (uint64_t *)sp;
	*w++ = (uint64_t)a.argc;
	for (int i = 0; i <= a.argc; i++)
		*w++ = (uint64_t)a.argv[i];
	for (int i = 0; i <= a.envc; i++)
		*w++ = (uint64_t)a.envp[i];
	memcpy(w, auxv, sizeof auxv);

	__asm__ volatile("mov %0, %%rsp\n\txor %%ebp, %%ebp\n\tjmp *%1" : : "r"(sp), "r"(_start) : "memory");
	__builtin_unreachable();
}
