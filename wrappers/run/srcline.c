/* srcline.c: the source file and line of a code address, for crash backtraces: from the image's
 * DWARF line table (.debug_line, there when it was built with -g) through binutils' addr2line,
 * run once per backtrace line (crashes are rare; a DWARF reader of our own would be ~500 lines). */
#include "run.h"

#include <elf.h>
#include <stdio.h>
#include <string.h>

int image_has_debug_line(const struct image *im)
{
	const Elf64_Ehdr *eh = (const void *)im->data;
	if (im->kind == IMAGE_MICROVM || eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > im->size ||
	    (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > im->size - eh->e_shoff || eh->e_shstrndx >= eh->e_shnum)
		return 0;
	const Elf64_Shdr *sh = (const void *)(im->data + eh->e_shoff), *str = &sh[eh->e_shstrndx];
	if (str->sh_offset > im->size || str->sh_size > im->size - str->sh_offset)
		return 0;
	const char *names = (const char *)im->data + str->sh_offset;
	for (unsigned s = 0; s < eh->e_shnum; s++)
		if (sh[s].sh_name < str->sh_size &&
		    strncmp(names + sh[s].sh_name, ".debug_line", str->sh_size - sh[s].sh_name) == 0 &&
		    sh[s].sh_size)
			return 1;
	return 0;
}

int srcline(const struct image *im, uint64_t addr, char *out, size_t size)
{
	char a[32];
	snprintf(a, sizeof a, "%#llx", (unsigned long long)addr);
	char *argv[] = { "addr2line", "-e", (char *)im->path, a, NULL };
	struct uni_spawn s = { .argv = argv, .quiet = 1 };
	char *line;
	size_t len;
	int rc = uni_capture_spawn(&s, &line, &len);
	snprintf(out, size, "%.*s", (int)strcspn(line, "\n"), line);
	/* "??:0" or "??:?": no line for this address (runtime or libc code built without -g). */
	return rc == 0 && out[0] && strncmp(out, "??", 2) != 0 && strstr(out, ":?") == NULL &&
	       strcmp(out + strlen(out) - 2, ":0") != 0;
}
