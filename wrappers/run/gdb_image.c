/* gdb_image.c: what --gdb boots. A position-independent image moves to a random place on each
 * boot (docs/SECURITY.md, ASLR), where gdb would not find its symbols; as gdb turns off a
 * process's randomization, --gdb boots a copy marked ET_EXEC, which ring 0 leaves at the
 * addresses it was linked for. */
#include "run.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *gdb_image(const struct run_opts *o, const struct image *im)
{
	const Elf64_Ehdr *eh = (const void *)im->data;
	if (!o->gdb_port || im->kind != IMAGE_PVH || eh->e_type != ET_DYN)
		return o->image;
	const char *copy_path;
	int fd = temp_file("--gdb", "uni-run-gdb", &copy_path);
	Elf64_Ehdr fixed = *eh;
	fixed.e_type = ET_EXEC;
	if (write_full(fd, &fixed, sizeof fixed) < 0 ||
	    write_full(fd, im->data + sizeof fixed, im->size - sizeof fixed) < 0 || close(fd) < 0)
		uni_die("--gdb: cannot write %s: %s (fix: check free space in TMPDIR)", copy_path, strerror(errno));
	return copy_path;
}
