/* Memory syscalls: brk grows up from near the bottom of free RAM, anonymous mmap takes from
 * near the top (both at random offsets: mm/aslr.c). All free RAM is mapped read-write at boot,
 * so only mprotect enters ring 0; ranges it changed are remembered so that munmap can make them
 * plain read-write again. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/fs.h"
#include "uni/mm.h"
#include "uni/runtime.h"
#include "uni/platform.h"

#define BRK_RANDOM_RANGE (32ull << 20)

/* fs/mmap.c links only with the calls that make a mappable file (uni/fs.h): without them no
 * file mapping exists, and uni_file_map_check stops every mmap of a descriptor. */
#pragma weak uni_file_map_existing
#pragma weak uni_file_map_fill
#pragma weak uni_file_map_release
#pragma weak uni_file_map_grow
#pragma weak uni_file_map_overlaps

static int file_mapped(uint64_t s, uint64_t e)
{
	return uni_file_map_overlaps && uni_file_map_overlaps(s, e);
}

static uint64_t brk_start, brk_cur;

/* Whether 'more' bytes of RAM in use would pass RLIMIT_AS or RLIMIT_DATA. */
static int over_limit(uint64_t more)
{
	return uni_mm_total_bytes() - uni_mm_free_bytes() + more > uni_rlimit_memory();
}

#define MAX_PROTECTED 256
static struct { uint64_t s, e; long prot; } protected[MAX_PROTECTED];   /* later entries win */
static int nprotected;

/* Makes [s, e) read-write again where mprotect changed it. */
static void unprotect(uint64_t s, uint64_t e)
{
	int hit = 0;
	for (int i = 0; i < nprotected; i++) {
		if (protected[i].e <= s || protected[i].s >= e)
			continue;
		hit = 1;
		if (protected[i].s < s && protected[i].e > e && nprotected < MAX_PROTECTED) {
			protected[nprotected] = protected[i];   /* keep the tail */
			protected[nprotected++].s = e;
		}
		if (protected[i].s < s)
			protected[i].e = s;
		else if (protected[i].e > e)
			protected[i].s = e;
		else
			protected[i--] = protected[--nprotected];
	}
	if (hit) {
		uni_plat->protect(s, e - s, PROT_READ | PROT_WRITE);
		uni_smp_tlb_shootdown();
	}
}

long sys_brk(long addr, long b, long c, long d, long e, long f)
{
	(void)b, (void)c, (void)d, (void)e, (void)f;
	if (!brk_start) {
		/* A random start within Linux's brk range, or a 16th of RAM if less (mm/aslr.c). */
		uint64_t span = (uni_boot.ram_top - uni_boot.free_start) / 16;
		if (span > BRK_RANDOM_RANGE)
			span = BRK_RANDOM_RANGE;
		brk_start = brk_cur = uni_boot.free_start + uni_aslr_offset(span, UNI_PAGE_SIZE);
	}
	uint64_t want = (uint64_t)addr;
	if (want < brk_start)
		return (long)brk_cur;
	uint64_t have_end = UNI_PAGE_UP(brk_cur), want_end = UNI_PAGE_UP(want);
	if (want_end > have_end) {
		if (!uni_mm_is_free(have_end, want_end) || over_limit(want_end - have_end))
			return (long)brk_cur;
		uni_mm_claim(have_end, want_end);
	} else if (want_end < have_end) {
		uni_mm_release(want_end, have_end);
	}
	brk_cur = want;
	return (long)brk_cur;
}

static long apply_protection(uint64_t s, uint64_t n, long prot);

/* New mappings are read-write; other protections (a PROT_NONE guard page below a thread
 * stack, say) are applied as mprotect would. */
static long protect_new(uint64_t s, uint64_t n, long prot)
{
	if (prot == (PROT_READ | PROT_WRITE))
		return (long)s;
	long r = apply_protection(s, n, prot);
	if (r) {
		uni_mm_release(s, s + n);
		return r;
	}
	return (long)s;
}

/* A hint address that cannot be honoured (it lies outside this image's RAM) still says what
 * alignment the caller hoped for: allocators ask for segments aligned to their size this way
 * (mimalloc: 32 MiB at a 32 MiB-aligned hint) and otherwise map twice the size and trim it,
 * which RAM without overcommit may not have room for. Kept up to the request's own size. */
static uint64_t hint_alignment(uint64_t hint, uint64_t n)
{
	if (!hint || (hint >= uni_boot.free_start && hint < uni_boot.ram_top))
		return UNI_PAGE_SIZE;
	uint64_t a = hint & -hint;
	while (a > n)
		a >>= 1;
	return a < UNI_PAGE_SIZE ? UNI_PAGE_SIZE : a;
}

/* Notes, once per kind, what the runtime does not do for a shared file mapping. */
static void note_shared(const char *what, int *told)
{
	if (!(*told)++)
		uni_log("mmap: %s", what);
}

long sys_mmap(long addr, long len, long prot, long flags, long fd, long off)
{
	if (len <= 0 || (addr & 0xfff))
		return -EINVAL;
	/* A file mapping is fresh memory holding a copy of the file, or for MAP_SHARED the file's
	 * own pages from now on (fs/mmap.c). */
	int file = !(flags & MAP_ANONYMOUS), shared = file && (flags & MAP_TYPE) == MAP_SHARED;
	static int told_prot, told_fixed;
	if (file) {
		long r = uni_file_map_check((int)fd, (int)prot, (int)flags, off);
		if (r)
			return r;
	}
	uint64_t n = UNI_PAGE_UP(len), s;
	if (shared && !(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))) {
		int r = uni_file_map_existing((int)fd, off, n, &s);
		if (r)
			return r < 0 ? r : (long)s;
	}
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		s = (uint64_t)addr;
		if (s < uni_boot.free_start || s + n > uni_boot.ram_top || s + n < s)
			return -ENOMEM;
		if ((flags & MAP_FIXED_NOREPLACE) && !uni_mm_is_free(s, s + n))
			return -EEXIST;
		if (file_mapped(s, s + n)) {
			note_shared("MAP_FIXED over a shared file mapping is not supported (EINVAL)", &told_fixed);
			return -EINVAL;
		}
		/* The range may be partly in use already: MAP_FIXED replaces it with zeros. */
		unprotect(s, s + n);
		if (uni_mm_claim(s, s + n) != n)
			memset((void *)s, 0, n);
	} else {
		if (over_limit(n))
			return -ENOMEM;
		void *p = uni_mm_alloc_aligned(n, hint_alignment((uint64_t)addr, n));
		if (!p)
			return -ENOMEM;
		s = (uint64_t)p;
	}
	if (file)
		uni_file_map_fill((int)fd, off, (void *)s, (size_t)len, shared);
	if (shared && !(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))) {
		/* The runtime reads and writes these pages for read() and write(): they stay
		 * read-write whatever prot says. */
		if (prot != (PROT_READ | PROT_WRITE))
			note_shared("a MAP_SHARED file mapping is read-write whatever its protection", &told_prot);
		return (long)s;
	}
	return protect_new(s, n, prot);
}

long sys_munmap(long addr, long len, long c, long d, long e, long f)
{
	(void)c, (void)d, (void)e, (void)f;
	uint64_t s = (uint64_t)addr;
	if ((s & 0xfff) || len <= 0)
		return -EINVAL;
	if (s < uni_boot.free_start || s >= uni_boot.ram_top)
		return 0;   /* the image and boot memory are never returned to the pool */
	uint64_t e_ = s + UNI_PAGE_UP(len);
	if (e_ > uni_boot.ram_top)
		e_ = uni_boot.ram_top;
	unprotect(s, e_);
	if (uni_file_map_release)
		uni_file_map_release(s, e_, uni_mm_release);   /* a shared file mapping's pages stay the file's */
	else
		uni_mm_release(s, e_);
	return 0;
}

long sys_mremap(long old, long old_len, long new_len, long flags, long new_addr, long f)
{
	(void)new_addr, (void)f;
	uint64_t s = (uint64_t)old, on = UNI_PAGE_UP(old_len), nn = UNI_PAGE_UP(new_len);
	if ((s & 0xfff) || !nn || (flags & ~MREMAP_MAYMOVE))
		return -EINVAL;
	if (file_mapped(s, s + on)) {
		/* A shared file mapping's memory is the file's pages: it only grows, with more of them. */
		if (nn <= on)
			return -EINVAL;
		return over_limit(nn - on) ? -ENOMEM : uni_file_map_grow(s, on, nn, (int)(flags & MREMAP_MAYMOVE));
	}
	if (nn <= on) {
		sys_munmap((long)(s + nn), (long)(on - nn), 0, 0, 0, 0);
		return old;
	}
	if (over_limit(nn - on))
		return -ENOMEM;
	if (uni_mm_is_free(s + on, s + nn)) {
		uni_mm_claim(s + on, s + nn);
		return old;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	void *p = uni_mm_alloc(nn);
	if (!p)
		return -ENOMEM;
	memcpy(p, (void *)s, on);
	sys_munmap(old, (long)on, 0, 0, 0, 0);
	return (long)p;
}

long sys_mprotect(long addr, long len, long prot, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	uint64_t s = (uint64_t)addr, n = UNI_PAGE_UP(len);
	if ((s & 0xfff) || len < 0 || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	if (n == 0)
		return 0;
	/* The image's own pages keep the permissions the linker gave them. */
	if (s < uni_boot.free_start || s + n > uni_boot.ram_top)
		return -EACCES;
	if (prot == (PROT_READ | PROT_WRITE)) {
		unprotect(s, s + n);
		return 0;
	}
	if (file_mapped(s, s + n)) {
		static int told;
		note_shared("a MAP_SHARED file mapping is read-write whatever its protection", &told);
		return 0;
	}
	return apply_protection(s, n, prot);
}

static long apply_protection(uint64_t s, uint64_t n, long prot)
{
	if (nprotected == MAX_PROTECTED)
		return -ENOMEM;
	long r = uni_plat->protect(s, n, prot);
	uni_smp_tlb_shootdown();
	if (r == 0) {
		protected[nprotected].s = s;
		protected[nprotected].e = s + n;
		protected[nprotected++].prot = prot;
	}
	return r;
}

/* Zeroes [s, e), which may hold pages mprotect made read-only or inaccessible: those are made
 * writable for the memset and get their protection back. */
static void zero_range(uint64_t s, uint64_t e)
{
	int hit = 0;
	for (int i = 0; i < nprotected; i++)
		if (protected[i].s < e && protected[i].e > s) {
			uint64_t a = protected[i].s > s ? protected[i].s : s, b = protected[i].e < e ? protected[i].e : e;
			uni_plat->protect(a, b - a, PROT_READ | PROT_WRITE);
			hit = 1;
		}
	if (hit)
		uni_smp_tlb_shootdown();
	memset((void *)s, 0, e - s);
	for (int i = 0; i < nprotected; i++)
		if (protected[i].s < e && protected[i].e > s) {
			uint64_t a = protected[i].s > s ? protected[i].s : s, b = protected[i].e < e ? protected[i].e : e;
			uni_plat->protect(a, b - a, protected[i].prot);
		}
	if (hit)
		uni_smp_tlb_shootdown();
}

long sys_madvise(long addr, long len, long advice, long d, long e, long f)
{
	(void)d, (void)e, (void)f;
	if (addr & 0xfff)
		return -EINVAL;
	/* Linux gives zero-filled pages after MADV_DONTNEED on private anonymous memory, whatever
	 * their protection. */
	uint64_t s = (uint64_t)addr, end = s + UNI_PAGE_UP(len);
	if (advice == MADV_DONTNEED && s >= uni_boot.free_start && end <= uni_boot.ram_top && end > s)
		zero_range(s, end);
	return 0;
}
