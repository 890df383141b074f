/* /proc's generated files: cpuinfo (from CPUID), meminfo (from the page allocator) and what
 * other parts of the runtime add (/proc/net/uni). Their text is generated when the file is
 * opened, so each open sees one consistent snapshot. Linked with the calls that open a file
 * by name (links/files.S), and with the network counters. */
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include "uni/cpu.h"
#include "uni/fs.h"
#include "uni/kmem.h"
#include "uni/runtime.h"

#define TEXT_MAX 16384   /* /proc/cpuinfo with 16 CPUs */

static ssize_t text_read(struct uni_file *f, void *buf, size_t len, uint64_t *pos)
{
	if (*pos >= f->priv_len)
		return 0;
	if (len > f->priv_len - *pos)
		len = (size_t)(f->priv_len - *pos);
	memcpy(buf, (char *)f->priv + *pos, len);
	*pos += len;
	return (ssize_t)len;
}

static unsigned text_poll(struct uni_file *f)
{
	(void)f;
	return POLLIN | POLLRDNORM;
}

static void text_release(struct uni_file *f)
{
	uni_kfree(f->priv, TEXT_MAX);
}

static const struct uni_file_ops text_ops = {
	.read = text_read, .poll = text_poll, .release = text_release, .seekable = 1,
};

/* Feature names in /proc/cpuinfo order: CPUID.1:EDX, CPUID.1:ECX, CPUID.7.0:EBX; bit i's
 * name is the i-th word ("-": none), one string per register rather than 32 pointers. */
static const char edx1[] = "fpu vme de pse tsc msr pae mce cx8 apic - sep mtrr pge mca cmov "
	"pat pse36 - clflush - - - mmx fxsr sse sse2 - ht";
static const char ecx1[] = "pni pclmulqdq - - - - - - - ssse3 - - fma cx16 - - - pcid - sse4_1 "
	"sse4_2 x2apic movbe popcnt - aes xsave - avx f16c rdrand hypervisor";
static const char ebx7[] = "fsgsbase - - bmi1 - avx2 - - bmi2 erms - - - - - - avx512f "
	"avx512dq rdseed adx - avx512ifma - clflushopt - - - - avx512cd sha_ni avx512bw avx512vl";

static size_t flags(char *p, size_t room, const char *names, unsigned bits)
{
	size_t n = 0;
	for (int i = 0; i < 32 && *names; i++) {
		size_t len = strcspn(names, " ");
		if (names[0] != '-' && (bits >> i & 1) && n + len + 2 < room)
			n += (size_t)snprintf(p + n, room - n, " %.*s", (int)len, names);
		names += len + (names[len] == ' ');
	}
	return n;
}

static size_t gen_cpuinfo(char *p, size_t room)
{
	unsigned a, b, c, d, vendor[4] = { 0 }, brand[13] = { 0 };
	__cpuid(0, a, vendor[0], vendor[2], vendor[1]);
	unsigned max = a;
	__cpuid(1, a, b, c, d);
	unsigned family = (a >> 8 & 0xf) + (((a >> 8 & 0xf) == 0xf) ? (a >> 20 & 0xff) : 0);
	unsigned model = (a >> 4 & 0xf) | ((a >> 16 & 0xf) << 4);
	unsigned b7 = 0, x;
	if (max >= 7)
		__cpuid_count(7, 0, x, b7, x, x);
	__cpuid(0x80000000, x, x, x, x);
	if (x >= 0x80000004)
		for (unsigned i = 0; i < 3; i++)
			__cpuid(0x80000002 + i, brand[4 * i], brand[4 * i + 1], brand[4 * i + 2], brand[4 * i + 3]);
	size_t n = 0;
	for (int i = 0; i < uni_ncpus && n < room; i++) {   /* one entry per CPU, as Linux */
		n += (size_t)snprintf(p + n, room - n,
			"processor\t: %d\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\nmodel name\t: %s\n"
			"stepping\t: %u\nphysical id\t: 0\nsiblings\t: %d\ncore id\t\t: %d\ncpu cores\t: %d\n"
			"fpu\t\t: yes\nflags\t\t:",
			i, (char *)vendor, family, model, (char *)brand, a & 0xf, uni_ncpus, i, uni_ncpus);
		if (n >= room)
			break;
		n += flags(p + n, room - n, edx1, d);
		n += flags(p + n, room - n, ecx1, c);
		n += flags(p + n, room - n, ebx7, b7);
		n += (size_t)snprintf(p + n, room - n, "\n\n");
	}
	return n;
}

static size_t gen_meminfo(char *p, size_t room)
{
	unsigned long long total = uni_mm_total_bytes() >> 10, free_kb = uni_mm_free_bytes() >> 10;
	return (size_t)snprintf(p, room,
		"MemTotal:       %8llu kB\nMemFree:        %8llu kB\nMemAvailable:   %8llu kB\n"
		"Buffers:               0 kB\nCached:                0 kB\n"
		"SwapTotal:             0 kB\nSwapFree:              0 kB\n",
		total, free_kb, free_kb);
}

static int open_text(struct uni_file *f, size_t (*gen)(char *, size_t))
{
	if ((f->flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	char *buf = uni_kalloc(TEXT_MAX);
	if (!buf)
		return -ENOMEM;
	f->ops = &text_ops;
	f->priv = buf;
	f->priv_len = gen(buf, TEXT_MAX);
	if (f->priv_len >= TEXT_MAX)
		f->priv_len = TEXT_MAX - 1;
	return 0;
}

static int open_cpuinfo(struct uni_file *f) { return open_text(f, gen_cpuinfo); }
static int open_meminfo(struct uni_file *f) { return open_text(f, gen_meminfo); }

static const struct uni_dev cpuinfo_dev = { open_cpuinfo, 0 };
static const struct uni_dev meminfo_dev = { open_meminfo, 0 };

static int add(struct uni_inode *dir, const char *name, struct uni_inode *n)
{
	return n ? uni_dir_link(dir, name, strlen(name), n) : -ENOMEM;
}

static struct uni_inode *generated(const struct uni_dev *dev)
{
	struct uni_inode *n = uni_inode_new(S_IFREG | 0444);
	if (n)
		n->dev = dev;
	return n;
}

/* Files other parts of the runtime generate (/proc/net/uni): the device remembers the
 * generator. */
struct text_dev {
	struct uni_dev dev;
	size_t (*gen)(char *, size_t);
};

static int open_added(struct uni_file *f)
{
	const struct text_dev *t = (const struct text_dev *)f->inode->dev;
	return open_text(f, t->gen);
}

int uni_proc_add_text(const char *dir, const char *name, size_t (*gen)(char *, size_t))
{
	struct uni_inode *d = uni_mkdir_p(dir, 0555);
	struct text_dev *t = uni_kalloc(sizeof *t);
	if (!d || !t)
		return -ENOMEM;
	t->dev.open = open_added;
	t->gen = gen;
	return add(d, name, generated(&t->dev));
}

int uni_proc_text_populate(struct uni_inode *proc)
{
	int r = add(proc, "cpuinfo", generated(&cpuinfo_dev));
	return r ? r : add(proc, "meminfo", generated(&meminfo_dev));
}
