/* symtrim.c: an image's symbol table keeps what tools read from it (uni-run's crash backtraces,
 * gdb and nm: functions and code labels; every global; uni_net_stack) and loses what no
 * tool reads: the source files' names (STT_FILE, one per object) and local data, 24 bytes and a
 * name each (docs/ARCHITECTURE.md, "What an image links"). */
#include "ld.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct elf_file {
	unsigned char *d;
	uint64_t size;
	Elf64_Ehdr *eh;
	Elf64_Shdr *sh;
	uint64_t *funcs;   /* the global functions' addresses, sorted */
	uint64_t nfuncs;
};

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static bool in_file(const struct elf_file *f, uint64_t off, uint64_t len)
{
	return off <= f->size && len <= f->size - off;
}

/* Whether the symbol stays: the null entry, every global and weak one, uni_net_stack, which
 * uni-run reads (musl's reference makes it hidden, so a position-independent link makes it
 * local), and the local ones that name code (a static function, an assembly label in
 * executable text), but for a sizeless name at a global function's address, which a backtrace
 * names by the function (image.ld's defaults for the syscall handlers an image does not link
 * are such names). */
static bool keep_symbol(const struct elf_file *f, const Elf64_Sym *s, const char *name, bool first)
{
	unsigned type = ELF64_ST_TYPE(s->st_info);
	if (first || ELF64_ST_BIND(s->st_info) != STB_LOCAL || strcmp(name, "uni_net_stack") == 0)
		return true;
	if (type == STT_FILE || type == STT_OBJECT)
		return false;
	if (!s->st_size && bsearch(&s->st_value, f->funcs, f->nfuncs, sizeof *f->funcs, by_value))
		return false;
	if (type != STT_NOTYPE)
		return true;
	return s->st_shndx > 0 && s->st_shndx < f->eh->e_shnum &&
	       (f->sh[s->st_shndx].sh_flags & SHF_EXECINSTR);
}

/* The symbol table's index when the file is one this pass can rewrite: a single symbol table
 * whose indices nothing else refers to (no relocation sections kept by --emit-relocs, no
 * extended indices), and from whose offset on the file holds only sections no segment loads
 * and the section headers. 0 otherwise: the image is left as ld wrote it. */
static unsigned trimmable_symtab(const struct elf_file *f)
{
	const Elf64_Ehdr *eh = f->eh;
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || !eh->e_shnum || eh->e_shstrndx >= eh->e_shnum ||
	    !in_file(f, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)) ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    !in_file(f, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
		return 0;
	unsigned symtab = 0;
	for (unsigned i = 1; i < eh->e_shnum; i++) {
		const Elf64_Shdr *s = &f->sh[i];
		/* A loaded relocation section is a position-independent image's own (pie.c): its
		 * relative relocations name no symbol. */
		bool static_relocs = (s->sh_type == SHT_REL || s->sh_type == SHT_RELA) && !(s->sh_flags & SHF_ALLOC);
		if (static_relocs || s->sh_type == SHT_SYMTAB_SHNDX || (s->sh_type == SHT_SYMTAB && symtab))
			return 0;
		if (s->sh_type == SHT_SYMTAB)
			symtab = i;
		if (s->sh_type != SHT_NOBITS && !in_file(f, s->sh_offset, s->sh_size))
			return 0;
	}
	if (!symtab)
		return 0;
	const Elf64_Shdr *st = &f->sh[symtab];
	if (st->sh_link == 0 || st->sh_link >= eh->e_shnum || st->sh_entsize != sizeof(Elf64_Sym) ||
	    f->sh[st->sh_link].sh_type != SHT_STRTAB || !f->sh[st->sh_link].sh_size ||
	    f->d[f->sh[st->sh_link].sh_offset + f->sh[st->sh_link].sh_size - 1] != '\0' ||
	    eh->e_shoff < st->sh_offset)
		return 0;
	for (unsigned i = 1; i < eh->e_shnum; i++) {
		const Elf64_Shdr *s = &f->sh[i];
		if (s->sh_offset >= st->sh_offset ? (s->sh_flags & SHF_ALLOC) != 0 :
		    s->sh_type != SHT_NOBITS && s->sh_offset + s->sh_size > st->sh_offset)
			return 0;
	}
	const Elf64_Phdr *ph = (const void *)(f->d + eh->e_phoff);
	for (unsigned i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_filesz && ph[i].p_offset + ph[i].p_filesz > st->sh_offset)
			return 0;
	return symtab;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return a > 1 ? (v + a - 1) / a * a : v;
}

/* The kept symbols, then their names, written into tail (file offset base on); returns the
 * length written. A name ld stored once for several symbols is stored once again. */
static uint64_t write_symbols(struct elf_file *f, unsigned symtab, unsigned char *tail, uint64_t base)
{
	Elf64_Shdr *st = &f->sh[symtab], *str = &f->sh[st->sh_link];
	const Elf64_Sym *in = (const void *)(f->d + st->sh_offset);
	const char *names = (const char *)f->d + str->sh_offset;
	uint64_t n = st->sh_size / sizeof *in, kept = 0, locals = 0;
	Elf64_Sym *out = (void *)tail;
	uint32_t *moved = calloc(str->sh_size, sizeof *moved);   /* old name offset -> new, 0 = none */
	if (!moved)
		uni_die("symbols: out of memory for the names of %llu symbols (fix: free memory)",
			(unsigned long long)n);
	f->funcs = calloc(n + 1, sizeof *f->funcs);
	if (!f->funcs)
		uni_die("symbols: out of memory for %llu symbols (fix: free memory)", (unsigned long long)n);
	for (uint64_t i = 0; i < n; i++)
		if (ELF64_ST_TYPE(in[i].st_info) == STT_FUNC && ELF64_ST_BIND(in[i].st_info) != STB_LOCAL)
			f->funcs[f->nfuncs++] = in[i].st_value;
	qsort(f->funcs, f->nfuncs, sizeof *f->funcs, by_value);
	for (uint64_t i = 0; i < n; i++)
		if (keep_symbol(f, &in[i], in[i].st_name < str->sh_size ? names + in[i].st_name : "", i == 0))
			out[kept++] = in[i];
	free(f->funcs);
	uint64_t str_at = align_up(kept * sizeof *out, str->sh_addralign), used = 1;
	char *strings = (char *)tail + str_at;
	strings[0] = '\0';
	for (uint64_t i = 0; i < kept; i++) {
		if (ELF64_ST_BIND(out[i].st_info) == STB_LOCAL)
			locals = i + 1;
		uint32_t old = out[i].st_name;
		if (!old || old >= str->sh_size) {
			out[i].st_name = 0;
		} else if (moved[old]) {
			out[i].st_name = moved[old];
		} else {
			size_t len = strlen(names + old) + 1;
			memcpy(strings + used, names + old, len);
			out[i].st_name = moved[old] = (uint32_t)used;
			used += len;
		}
	}
	free(moved);
	st->sh_offset = base;
	st->sh_size = kept * sizeof *out;
	st->sh_info = (Elf64_Word)locals;
	str->sh_offset = base + str_at;
	str->sh_size = used;
	return str_at + used;
}

static int by_offset(const void *a, const void *b, void *sections)
{
	const Elf64_Shdr *sh = sections;
	uint64_t x = sh[*(const unsigned *)a].sh_offset, y = sh[*(const unsigned *)b].sh_offset;
	return x < y ? -1 : x > y ? 1 : (int)(*(const unsigned *)a - *(const unsigned *)b);
}

/* The file's tail from the symbol table on: the trimmed table, its names, the other sections
 * that lay there in their order, then the section headers. Returns the new file size. */
static uint64_t rebuild_tail(struct elf_file *f, unsigned symtab, unsigned char *tail)
{
	uint64_t base = f->sh[symtab].sh_offset;
	unsigned strtab = f->sh[symtab].sh_link, *later = calloc(f->eh->e_shnum, sizeof *later), n = 0;
	if (!later)
		uni_die("symbols: out of memory for %u section headers (fix: free memory)", f->eh->e_shnum);
	for (unsigned i = 1; i < f->eh->e_shnum; i++)
		if (i != symtab && i != strtab && f->sh[i].sh_type != SHT_NOBITS && f->sh[i].sh_offset >= base)
			later[n++] = i;
	qsort_r(later, n, sizeof *later, by_offset, f->sh);
	uint64_t len = write_symbols(f, symtab, tail, base);
	for (unsigned k = 0; k < n; k++) {
		Elf64_Shdr *s = &f->sh[later[k]];
		uint64_t at = align_up(len, s->sh_addralign);
		memcpy(tail + at, f->d + s->sh_offset, s->sh_size);
		s->sh_offset = base + at;
		len = at + s->sh_size;
	}
	free(later);
	uint64_t sh_at = align_up(len, 8);
	f->eh->e_shoff = base + sh_at;
	memcpy(tail + sh_at, f->sh, f->eh->e_shnum * sizeof(Elf64_Shdr));
	return base + sh_at + f->eh->e_shnum * sizeof(Elf64_Shdr);
}

/* The tail's room: what lay there (the new one is never longer, names aside: those ld
 * shared by suffix are stored whole, at most their symbols' count times the longest name)
 * plus the alignment of each section. */
static uint64_t tail_room(const struct elf_file *f, unsigned symtab)
{
	const Elf64_Shdr *str = &f->sh[f->sh[symtab].sh_link];
	uint64_t room = f->size - f->sh[symtab].sh_offset + str->sh_size, n = f->sh[symtab].sh_size / sizeof(Elf64_Sym);
	const char *names = (const char *)f->d + str->sh_offset;
	const Elf64_Sym *sym = (const void *)(f->d + f->sh[symtab].sh_offset);
	for (uint64_t i = 0; i < n; i++)
		if (sym[i].st_name < str->sh_size)
			room += strlen(names + sym[i].st_name) + 1;
	for (unsigned i = 0; i < f->eh->e_shnum; i++)
		room += f->sh[i].sh_addralign + sizeof(Elf64_Shdr);
	return room + 8;
}

/* Trims the symbol table of the image at path in place; leaves a file it cannot rewrite as it is. */
void symtrim_write(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0)
		uni_die("symbols: cannot open the image %s: %s (fix: make the output writable)", path, strerror(errno));
	struct elf_file f = { .size = (uint64_t)st.st_size };
	f.d = malloc(f.size + 1);
	if (!f.d || pread(fd, f.d, f.size, 0) != (ssize_t)f.size)
		uni_die("symbols: cannot read the image %s: %s (fix: write the output to an ordinary "
			"file, with memory to spare)", path, f.d ? strerror(errno) : "out of memory");
	f.eh = (void *)f.d;
	unsigned symtab = 0;
	if (f.size >= sizeof *f.eh && !memcmp(f.d, ELFMAG, SELFMAG) && f.eh->e_ident[EI_CLASS] == ELFCLASS64 &&
	    f.eh->e_shoff <= f.size) {
		f.sh = (void *)(f.d + f.eh->e_shoff);
		symtab = trimmable_symtab(&f);
	}
	if (symtab) {
		uint64_t base = f.sh[symtab].sh_offset;
		unsigned char *tail = calloc(1, tail_room(&f, symtab));
		if (!tail)
			uni_die("symbols: out of memory for the image %s (fix: free memory)", path);
		uint64_t end = rebuild_tail(&f, symtab, tail);
		if (pwrite(fd, tail, end - base, (off_t)base) != (ssize_t)(end - base) ||
		    pwrite(fd, f.eh, sizeof *f.eh, 0) != (ssize_t)sizeof *f.eh || ftruncate(fd, (off_t)end) < 0)
			uni_die("symbols: cannot write the image %s: %s (fix: free space on its file "
				"system)", path, strerror(errno));
		free(tail);
	}
	free(f.d);
	close(fd);
}
