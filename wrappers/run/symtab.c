/* symtab.c: an image's symbols: functions for turning backtrace addresses into func+0xOFF, and
 * whether it defines a name (uni_net_stack). */
#include "run.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

static int by_addr(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The image's .symtab and its string table, checked to lie within the file; 0 when it has none. */
struct elf_syms {
	const Elf64_Shdr *sh; /* all section headers */
	unsigned shnum;
	const Elf64_Sym *sym;
	size_t n;
	const char *names;
	size_t names_size;
};

static int elf_syms(struct elf_syms *e, const struct image *im)
{
	const Elf64_Ehdr *eh = (const void *)im->data;
	if (im->kind == IMAGE_MICROVM)
		return 0; /* an initramfs */
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > im->size ||
	    (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > im->size - eh->e_shoff)
		return 0;
	const Elf64_Shdr *sh = (const void *)(im->data + eh->e_shoff);
	for (unsigned s = 0; s < eh->e_shnum; s++) {
		if (sh[s].sh_type != SHT_SYMTAB || sh[s].sh_link >= eh->e_shnum)
			continue;
		const Elf64_Shdr *str = &sh[sh[s].sh_link];
		if (sh[s].sh_offset > im->size || sh[s].sh_size > im->size - sh[s].sh_offset ||
		    str->sh_offset > im->size || str->sh_size > im->size - str->sh_offset || !str->sh_size ||
		    im->data[str->sh_offset + str->sh_size - 1] != '\0')
			return 0;
		*e = (struct elf_syms){ sh, eh->e_shnum, (const void *)(im->data + sh[s].sh_offset),
					sh[s].sh_size / sizeof(Elf64_Sym),
					(const char *)im->data + str->sh_offset, str->sh_size };
		return 1;
	}
	return 0;
}

void symtab_load(struct symtab *t, const struct image *im)
{
	struct elf_syms e;
	t->v = NULL;
	t->n = 0;
	if (!elf_syms(&e, im))
		return;
	t->v = uni_xmalloc(e.n * sizeof *t->v);
	for (size_t i = 0; i < e.n; i++) {
		unsigned type = ELF64_ST_TYPE(e.sym[i].st_info), sec = e.sym[i].st_shndx;
		/* Assembly labels are NOTYPE: keep them when they sit in executable code. */
		int code = type == STT_FUNC ||
			   (type == STT_NOTYPE && sec > 0 && sec < e.shnum && (e.sh[sec].sh_flags & SHF_EXECINSTR));
		if (!code || !e.sym[i].st_name || e.sym[i].st_name >= e.names_size)
			continue;
		t->v[t->n++] = (struct sym){ e.sym[i].st_value, e.sym[i].st_value + e.sym[i].st_size,
					     e.names + e.sym[i].st_name };
	}
	qsort(t->v, t->n, sizeof *t->v, by_addr);
	/* A symbol without a size reaches up to the next address that starts a symbol. */
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].end != t->v[i].addr)
			continue;
		size_t j = i + 1;
		while (j < t->n && t->v[j].addr == t->v[i].addr)
			j++;
		t->v[i].end = j < t->n ? t->v[j].addr : t->v[i].addr;
	}
}

int symtab_defines(const struct image *im, const char *name)
{
	struct elf_syms e;
	if (!elf_syms(&e, im))
		return -1;
	for (size_t i = 0; i < e.n; i++)
		if (e.sym[i].st_shndx != SHN_UNDEF && e.sym[i].st_name && e.sym[i].st_name < e.names_size &&
		    strcmp(e.names + e.sym[i].st_name, name) == 0)
			return 1;
	return 0;
}

const struct sym *symtab_find(const struct symtab *t, uint64_t addr)
{
	size_t lo = 0, hi = t->n;
	/* Find the first symbol above addr; candidates are the ones just below it. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Several symbols may share the nearest address (an alias, a label); take one that covers. */
	for (size_t i = lo; i > 0 && t->v[i - 1].addr == t->v[lo - 1].addr; i--)
		if (addr < t->v[i - 1].end)
			return &t->v[i - 1];
	return NULL;
}
