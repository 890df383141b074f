/* The process platform's start: Linux executed the image (./image, or uni-run --accel
 * process). Checks the host, reserves guest RAM, takes the command line (uni-run's, or one
 * made from the host's argv and environment), installs the host signal handlers, then enters
 * the runtime's ring-3 start exactly as the PVH boot does. */
#include <elf.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "uni/abi.h"
#include "uni/boot.h"
#include "uni/cpu.h"
#include "uni/mm.h"
#include "uni/platform.h"
#include "platform/pvh/start_info.h"
#include "process.h"

#define MIB (1ull << 20)
#define DIRECT_RAM (1024 * MIB)   /* guest RAM of a directly executed image (UNI_MEM overrides) */
#define MAIN_STACK (8 * MIB)      /* as Linux's default stack limit */
#define RAM_ALIGN (1ull << 30)
#define RANDOM_RAM_LOW (4ull << 30)
#define RANDOM_RAM_SPAN (1ull << 40)
#define PERSONALITY_QUERY 0xffffffff   /* personality(2)'s "change nothing, say what it is" */
#define ADDR_NO_RANDOMIZE 0x0040000
#define HWCAP2_FSGSBASE 2
#define XFEATURE_AMX 0x60000ull   /* tile config and data: no program here can be granted them */

extern char __image_end[], __relro_start[], __relro_end[];
extern const char uni_norelro[] __attribute__((weak));   /* uni-ld's, for -z norelro */
extern const Elf64_Ehdr __ehdr_start;

struct host_cpu uni_host_cpus[UNI_MAX_CPUS];
int uni_host_pid;
uint16_t uni_host_cs, uni_host_ss;
uint32_t uni_host_xsave_size;
int uni_host_net_fd = -1;
int uni_host_vol_fd = -1;
int uni_host_net_stream;

static struct pvh_start_info boot_info;
static struct pvh_memmap_entry boot_ram;

static _Noreturn void refuse(const char *why)
{
	static const char pre[] = "uni: this image cannot run as a process here: ";
	uni_host_write_all(2, pre, sizeof pre - 1);
	uni_host_write_all(2, why, strlen(why));
	uni_host_write_all(2, "\n", 1);
	uni_host_exit(126);
}

/* Executed directly without UNI_DIRECT=1. It would see none of the host's files, so a
 * configure script's run tests (which write their answers to files) would get wrong answers
 * from an image that runs instead of telling configure it cannot: a uni image does not run on
 * the host unless asked to. */
static _Noreturn void not_here(const char *argv0)
{
	static const char a[] = "uni: ", b[] = " is a uni image: run it with `uni-run ", c[] = " [ARG...]`, "
		"or here as a sandboxed process without the host's files with `UNI_DIRECT=1 ", d[] = " [ARG...]`\n";
	const char *name = argv0 ? argv0 : "this";
	uni_host_write_all(2, a, sizeof a - 1);
	uni_host_write_all(2, name, strlen(name));
	uni_host_write_all(2, b, sizeof b - 1);
	uni_host_write_all(2, name, strlen(name));
	uni_host_write_all(2, c, sizeof c - 1);
	uni_host_write_all(2, name, strlen(name));
	uni_host_write_all(2, d, sizeof d - 1);
	uni_host_exit(126);
}

static uint64_t number(const char *s)
{
	uint64_t v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

/* The value of NAME in envp, and removes it: the program never sees uni-run's variables. */
static const char *take_env(char **envp, const char *name)
{
	size_t n = strlen(name);
	for (char **e = envp; *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') {
			const char *v = *e + n + 1;
			char **d = e;
			do
				d[0] = d[1];
			while (*d++);
			return v;
		}
	return 0;
}

/* Memory outside guest RAM, before it exists: the command line, the first CPU's signal stack. */
static void *host_alloc(uint64_t len)
{
	long p = uni_host_syscall(SYS_mmap, 0, (long)len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p < 0 && p > -4096)
		refuse("the host refused memory for the runtime's start");
	return (void *)p;
}

/* Appends s percent-encoded as uni/abi.h says, then a space. */
static char *put_token(char *o, const char *prefix, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const char *p = prefix; *p; p++)
		*o++ = *p;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c && strchr(UNI_CMDLINE_PLAIN, c)) {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o++ = ' ';
	return o;
}

/* The CPU count the image asks for (uni-ld --cpus), from its own note; 1 without one. */
static int image_cpus(void)
{
	const Elf64_Phdr *ph = (const void *)((const char *)&__ehdr_start + __ehdr_start.e_phoff);
	for (int i = 0; i < __ehdr_start.e_phnum; i++) {
		if (ph[i].p_type != PT_NOTE)
			continue;
		const char *p = (const char *)(ph[i].p_vaddr + uni_image_delta()), *end = p + ph[i].p_memsz;
		while (p + 12 <= end) {
			const uint32_t *h = (const void *)p;
			const char *name = p + 12, *desc = name + ((h[0] + 3) & ~3u);
			if (h[2] == UNI_NOTE_CPUS && h[0] == sizeof UNI_NOTE_NAME && !memcmp(name, UNI_NOTE_NAME, h[0]) && h[1] == 4)
				return (int)*(const uint32_t *)desc;
			p = desc + ((h[1] + 3) & ~3u);
		}
	}
	return 1;
}

/* v in decimal, written backwards from end; returns its first digit. */
static char *decimal(char *end, uint64_t v)
{
	*--end = 0;
	do
		*--end = (char)('0' + v % 10);
	while (v /= 10);
	return end;
}

static int host_isatty(int fd)
{
	char termios[64];
	return uni_host_syscall(SYS_ioctl, fd, 0x5401 /* TCGETS */, (long)termios, 0, 0, 0) == 0;
}

/* A directly executed image: the same command line uni-run would write, from the host's
 * argv and environment, so the rest of the start is shared. */
static char *direct_cmdline(int argc, char **argv, char **envp, const char *cpus)
{
	size_t len = 128;
	for (char **e = envp; *e; e++)
		len += 3 * strlen(*e) + 16;
	for (int i = 0; i < argc; i++)
		len += 3 * strlen(argv[i]) + 2;
	char *s = host_alloc(len), *o = s, num[24];
	unsigned tty = 0;
	for (int fd = 0; fd < 3; fd++)
		tty |= (unsigned)host_isatty(fd) << fd;
	o = put_token(o, UNI_KEY_TTY, decimal(num + sizeof num, tty));
	o = put_token(o, UNI_KEY_CPUS, cpus ? cpus : decimal(num + sizeof num, (uint64_t)image_cpus()));
	for (char **e = envp; *e; e++)
		o = put_token(o, UNI_KEY_ENV, *e);
	o = put_token(o, "", UNI_CMDLINE_ARGS);
	for (int i = 0; i < argc; i++)
		o = put_token(o, "", argv[i]);
	o[-1] = 0;
	return s;
}

/* uni.mem=BYTES in a command line, else 0. */
static uint64_t cmdline_mem(const char *s)
{
	size_t n = strlen(UNI_KEY_MEM);
	for (const char *p = s; *p;) {
		if (strncmp(p, UNI_KEY_MEM, n) == 0)
			return number(p + n);
		if (strncmp(p, UNI_CMDLINE_ARGS " ", 3) == 0)
			break;
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	return 0;
}

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (uint64_t)hi << 32 | lo;
}

void uni_host_set_gs(void *cpu)
{
	if (uni_boot.cpu_features & UNI_CPU_FSGSBASE)
		__asm__ volatile("wrgsbase %0" : : "r"(cpu) : "memory");
	else
		host2(SYS_arch_prctl, 0x1001 /* ARCH_SET_GS */, cpu);
}

/* FSGSBASE (Linux 5.9 or later on a CPU that has it) lets ring 3 switch thread pointers with
 * one instruction; without it the host's arch_prctl does (binding.c, set_fs). */
static void cpu_features(uint64_t hwcap2)
{
	uint32_t a, b, c, d;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	if (!(c >> 27 & 1))
		refuse("the host did not enable XSAVE, which the runtime needs to switch threads");
	uint64_t xcr0 = xgetbv0();
	uni_xsave_mask = xcr0 & ~XFEATURE_AMX;
	uni_boot.cpu_features = (hwcap2 & HWCAP2_FSGSBASE ? UNI_CPU_FSGSBASE : 0) | UNI_CPU_XSAVE |
				((xcr0 & 0xe0) == 0xe0 ? UNI_CPU_AVX512 : 0);
	uni_host_xsave_size = uni_xsave_size();
	if (uni_host_xsave_size + 4 > HOST_RESUME_AREA - 4096)
		refuse("the host's vector state is larger than the runtime's resume area");
	__asm__ volatile("mov %%cs, %0" : "=r"(uni_host_cs));
	__asm__ volatile("mov %%ss, %0" : "=r"(uni_host_ss));
}

static long map_at(uint64_t base, uint64_t size)
{
	return uni_host_syscall(SYS_mmap, (long)base, (long)size, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0);
}

/* Reserves size bytes of guest memory at a random page in [4 GiB, 4 GiB + 1 TiB): 28 bits, as
 * Linux x86_64 gives mmap; above the device window the runtime never lets the program reach
 * below 4 GiB (core/uaccess.c), below the host's own mappings near the top of its half. A host
 * mapping in the way is stepped around by drawing again; without randomization (mm/aslr.c),
 * or after a few misses, at 'fixed'. */
static uint64_t place(uint64_t size, uint64_t fixed)
{
	for (int tries = 0; uni_aslr_on() && tries < 8; tries++) {
		uint64_t base = RANDOM_RAM_LOW + uni_aslr_offset(RANDOM_RAM_SPAN, UNI_PAGE_SIZE);
		if (map_at(base, size) == (long)base)
			return base;
	}
	if (map_at(fixed, size) != (long)fixed)
		refuse("the host refused to reserve guest RAM at the image's RAM address");
	return fixed;
}

/* Guest RAM: the main stack with its guard page below it, and the rest, each reserved at its own
 * random address so that one does not tell where the other is; without randomization both
 * above the image, the stack first, as one range. */
static void reserve_ram(uint64_t size)
{
	size &= ~0xfffull;
	if (size < MAIN_STACK + 16 * MIB)
		refuse("less guest RAM than the main stack and the runtime need (uni.mem below 24 MiB)");
	/* Linux places an image at its link address, or a position-independent one where it maps
	 * libraries (high up, even unrandomized): RAM then goes where randomized RAM starts. */
	uint64_t fixed = ((uint64_t)__image_end + RAM_ALIGN - 1) & ~(RAM_ALIGN - 1);
	if (uni_image_delta())
		fixed = RANDOM_RAM_LOW;
	uint64_t stack_len = UNI_PAGE_SIZE + MAIN_STACK;
	uint64_t stack = place(stack_len, fixed), base = place(size - stack_len, fixed + stack_len);
	uni_boot.guard = stack;
	host3(SYS_mprotect, stack, UNI_PAGE_SIZE, PROT_NONE);
	uni_boot.stack_bottom = stack + UNI_PAGE_SIZE;
	uni_boot.stack_top = uni_boot.stack_bottom + MAIN_STACK;
	uni_boot.free_start = base;
	uni_boot.ram_top = base + size - stack_len;
	uni_boot.fine_end = uni_boot.ram_top;   /* the host protects any 4 KiB page */
	boot_ram = (struct pvh_memmap_entry){ .addr = base, .size = size - stack_len, .type = PVH_MEMMAP_RAM };
	boot_info.memmap_paddr = (uint64_t)&boot_ram;
	boot_info.memmap_entries = 1;
}

/* RELRO read-only before the runtime starts, as ring 0 maps it under PVH (platform/pvh/image.ld). */
static void protect_relro(void)
{
	if (!uni_norelro && __relro_end > __relro_start)
		host3(SYS_mprotect, (long)__relro_start, __relro_end - __relro_start, PROT_READ);
}

/* The volumes' archive uni-run packed (PVH passes the same as the -initrd module). */
static void map_module(const char *fd_text)
{
	if (!fd_text)
		return;
	int fd = (int)number(fd_text);
	long size = uni_host_syscall(SYS_lseek, fd, 0, 2 /* SEEK_END */, 0, 0, 0);
	if (size <= 0)
		refuse("uni-run's volume archive is unreadable");
	long p = uni_host_syscall(SYS_mmap, 0, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p < 0 && p > -4096)
		refuse("uni-run's volume archive cannot be mapped");
	host1(SYS_close, fd);
	uni_boot.module = (uint64_t)p;
	uni_boot.module_size = (uint64_t)size;
}

_Noreturn void uni_process_start(uint64_t *sp)
{
	uni_relocate(uni_image_delta());   /* Linux placed a position-independent image anywhere */
	uni_boot_cpu_init();
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1), **envp = argv + argc + 1, **e = envp;
	while (*e)
		e++;
	uint64_t hwcap2 = 0, vdso = 0;
	for (uint64_t *aux = (uint64_t *)(e + 1); aux[0] != AT_NULL; aux += 2)
		if (aux[0] == AT_HWCAP2)
			hwcap2 = aux[1];
		else if (aux[0] == AT_SYSINFO_EHDR)
			vdso = aux[1];
	cpu_features(hwcap2);
	uni_host_vdso_init(vdso);
	uni_plat = &uni_platform_process;
	uni_host_set_gs(&uni_cpu0);
	uni_host_pid = (int)host0(SYS_getpid);
	uni_host_cpus[0].tid = uni_host_pid;

	char *cmdline = (char *)take_env(envp, UNI_ENV_CMDLINE);
	const char *module_fd = take_env(envp, UNI_ENV_MODULE_FD);
	const char *net_fd = take_env(envp, UNI_ENV_NET_FD);
	const char *net_mode = take_env(envp, UNI_ENV_NET_MODE);
	const char *vol_fd = take_env(envp, UNI_ENV_VOL_FD);
	uint64_t ram = 0;
	if (cmdline) {
		ram = cmdline_mem(cmdline);
	} else {
		const char *direct = take_env(envp, UNI_ENV_DIRECT);
		if (!direct || strcmp(direct, "1") != 0)
			not_here(argv[0]);
		/* As uni-run's -m and --cpus: UNI_MEM (MiB) and UNI_CPUS, else 1 GiB and the image's count. */
		const char *m = take_env(envp, "UNI_MEM"), *cpus = take_env(envp, "UNI_CPUS");
		ram = m ? number(m) * MIB : DIRECT_RAM;
		cmdline = direct_cmdline(argc, argv, envp, cpus);
	}
	/* setarch -R and gdb run a process with ADDR_NO_RANDOMIZE: as Linux does for its own layout. */
	uni_aslr_host_off = (host1(SYS_personality, PERSONALITY_QUERY) & ADDR_NO_RANDOMIZE) != 0;
	reserve_ram(ram ? ram : DIRECT_RAM);
	protect_relro();
	map_module(module_fd);
	if (net_fd) {
		uni_host_net_fd = (int)number(net_fd);
		uni_host_net_stream = net_mode && strcmp(net_mode, UNI_NET_MODE_STREAM) == 0;
	}
	if (vol_fd)
		uni_host_vol_fd = (int)number(vol_fd);
	boot_info.magic = PVH_START_MAGIC;
	boot_info.version = 1;
	boot_info.cmdline_paddr = (uint64_t)cmdline;
	uni_boot.start_info = (uint64_t)&boot_info;

	uni_host_cpus[0].altstack = host_alloc(HOST_ALTSTACK_SIZE);
	uni_host_cpus[0].resume_area = host_alloc(HOST_RESUME_AREA);
	uni_host_traps_init();
	uni_host_altstack(&uni_host_cpus[0]);
	if (uni_host_timer_create(&uni_host_cpus[0]))
		refuse("the host refused a timer");
	/* Interrupts off, as ring 3 starts under PVH: the first extra thread turns them on. */
	uint64_t irqs = HOST_IRQ_MASK;
	host4(SYS_rt_sigprocmask, SIG_BLOCK, &irqs, 0, 8);
	/* The runtime's start, on the main stack, as if called (rsp = 8 mod 16). */
	__asm__ volatile("mov %0, %%rsp\n\tjmp uni_user_start" : : "r"(uni_boot.stack_top - 8));
	__builtin_unreachable();
}
