/* image.c: map an image and tell a PVH image (Xen note 18), a linux-microvm initramfs and a
 * static x86_64 Linux executable apart. */
#include "run.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uni/abi.h"

static int in_file(const struct image *im, uint64_t off, uint64_t len)
{
	return off <= im->size && len <= im->size - off;
}

/* The descriptor of the first note named name with type type in any PT_NOTE segment, its size
 * in *len; NULL if there is none. */
static const unsigned char *find_note(const struct image *im, const Elf64_Phdr *ph, unsigned n,
				      const char *name, uint32_t type, uint32_t *len)
{
	uint32_t namesz = (uint32_t)strlen(name) + 1;
	for (unsigned i = 0; i < n; i++) {
		if (ph[i].p_type != PT_NOTE || !in_file(im, ph[i].p_offset, ph[i].p_filesz))
			continue;
		const unsigned char *p = im->data + ph[i].p_offset, *end = p + ph[i].p_filesz;
		while ((size_t)(end - p) >= sizeof(Elf64_Nhdr)) {
			const Elf64_Nhdr *nh = (const void *)p;
			/* Name and descriptor are each padded to 4 bytes. */
			uint64_t nm = (nh->n_namesz + 3ULL) & ~3ULL, desc = (nh->n_descsz + 3ULL) & ~3ULL;
			if (nm + desc > (size_t)(end - p) - sizeof *nh)
				break;
			if (nh->n_type == type && nh->n_namesz == namesz &&
			    memcmp(p + sizeof *nh, name, namesz) == 0) {
				*len = nh->n_descsz;
				return p + sizeof *nh + nm;
			}
			p += sizeof *nh + nm + desc;
		}
	}
	return NULL;
}

/* uni-ld --cpus N: the count the image asks for, 0 when it asks for none. */
static int note_cpus(const struct image *im, const Elf64_Phdr *ph, unsigned n)
{
	uint32_t len, cpus;
	const unsigned char *d = find_note(im, ph, n, UNI_NOTE_NAME, UNI_NOTE_CPUS, &len);
	if (!d)
		return 0;
	if (len == sizeof cpus)
		memcpy(&cpus, d, sizeof cpus);
	if (len != sizeof cpus || cpus < 1 || cpus > 16)
		uni_die("image %s: a corrupt CPU-count note (fix: link it again with uni-ld --cpus "
			"1 to 16)",
			 im->path);
	return (int)cpus;
}

/* The runtime's ABI note (uni/abi.h): an image of another version speaks another protocol.
 * Returns the UNI_PLATFORM_* bits the image runs on. */
static unsigned check_abi(const struct image *im, const Elf64_Phdr *ph, unsigned n)
{
	uint32_t len, v[2];
	const unsigned char *d = find_note(im, ph, n, UNI_NOTE_NAME, UNI_NOTE_ABI, &len);
	if (!d)
		uni_die("image: image %s carries no uni ABI note: it was linked by a uni older "
			"than this uni-run (ABI %d) (fix: link it again with this toolchain's "
			"uni-cc)", im->path, UNI_ABI_VERSION);
	if (len != sizeof v)
		uni_die("image: image %s has a corrupt uni ABI note (fix: link it again)", im->path);
	memcpy(v, d, sizeof v);
	if (v[0] != UNI_ABI_VERSION)
		uni_die("image: image %s speaks uni ABI %u, this uni-run ABI %d (fix: link it "
			"again with this toolchain's uni-cc, or run it with the uni-run of its "
			"toolchain)", im->path, v[0],
			 UNI_ABI_VERSION);
	return v[1];
}

/*
 * A linux-microvm output is a newc cpio archive whose first entry is "uni-linux-microvm", a
 * text file: "uni-linux-microvm 1\nkernel RELEASE\nprogram NAME\n" (docs/ARCHITECTURE.md).
 * Its modules only load into the kernel release they came from, so that one must be ours.
 */
static int microvm_check(struct image *im)
{
	static const char name[] = "uni-linux-microvm";
	const unsigned char *d = im->data;
	if (im->size < 110 + sizeof name + 64 || memcmp(d, "070701", 6) != 0 ||
	    memcmp(d + 110, name, sizeof name) != 0)
		return 0;
	/* The file's data follows the name, padded to 4 bytes; its size is field 7. */
	char hex[9] = { 0 };
	memcpy(hex, d + 6 + 6 * 8, 8);
	size_t len = strtoul(hex, NULL, 16), off = (110 + sizeof name + 3) & ~(size_t)3;
	if (!in_file(im, off, len) || len > 1024)
		uni_die("image %s: its linux-microvm header is corrupt (fix: link it again with "
			"uni-cc)", im->path);
	char text[1025], want[256] = "";
	memcpy(text, d + off, len);
	text[len] = '\0';
	const char *k = strstr(text, "\nkernel ");
	if (!k || sscanf(k, "\nkernel %255s", want) != 1)
		uni_die("image %s: its linux-microvm header names no kernel (fix: link it again "
			"with uni-cc)", im->path);

	const char *dir = uni_strf("%s/usr/lib/uni/linux-microvm/kernel", uni_sysroot());
	char have[256] = "";
	FILE *f = fopen(uni_strf("%s/release", dir), "re");
	if (!f || !fgets(have, sizeof have, f))
		uni_die("image: %s is a linux-microvm image, and linux-microvm needs Debian's "
			"kernel in %s (fix: run ./build.sh, step microvm-kernel)", im->path, dir);
	fclose(f);
	have[strcspn(have, "\n")] = '\0';
	if (strcmp(have, want) != 0)
		uni_die("image: image %s was packed with the modules of kernel %s, but %s holds "
			"kernel %s (fix: link it again with uni-cc)", im->path, want, dir, have);
	im->kernel = uni_strf("%s/vmlinuz", dir);
	if (access(im->kernel, R_OK) != 0)
		uni_die("image: %s is missing (fix: run ./build.sh (step microvm-kernel))", im->kernel);
	im->kind = IMAGE_MICROVM;
	return 1;
}

void image_open(struct image *im, const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		uni_die("image: cannot open %s: %s (fix: give the path of an image uni-cc linked)", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		uni_die("image: %s is not a regular file (fix: give the image uni-cc linked)", path);
	im->path = path;
	im->kernel = NULL;
	im->cpus = 0;
	im->platforms = 0;
	im->size = (size_t)st.st_size;
	if (im->size < sizeof(Elf64_Ehdr))
		uni_die("image: %s is not an ELF file, too short (fix: give the output of uni-cc)", path);
	im->data = mmap(NULL, im->size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (im->data == MAP_FAILED)
		uni_die("image: cannot read %s: %s (fix: make it readable)", path, strerror(errno));
	close(fd);
	if (microvm_check(im))
		return;

	const Elf64_Ehdr *eh = (const void *)im->data;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		uni_die("image: %s is not an ELF file (fix: give the output of uni-cc)", path);
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_machine != EM_X86_64)
		uni_die("image: %s is not an x86_64 ELF file (fix: give the output of uni-cc)", path);
	if (eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    !in_file(im, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
		uni_die("image: %s has a corrupt program header table (fix: link it again with "
			"uni-cc)", path);
	const Elf64_Phdr *ph = (const void *)(im->data + eh->e_phoff);

	uint32_t len;
	if (find_note(im, ph, eh->e_phnum, "Xen", UNI_XEN_NOTE_PVH_ENTRY, &len)) {
		im->kind = IMAGE_PVH;
		im->platforms = check_abi(im, ph, eh->e_phnum);
		im->cpus = note_cpus(im, ph, eh->e_phnum);
		return;
	}
	/* A damaged PVH image: image_validate refuses it. */
	if (image_pvh_marked(im)) {
		im->kind = IMAGE_PVH;
		return;
	}
	/* Not bootable; a linux-platform build is an ordinary static executable (maybe static-pie). */
	int interp = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++)
		interp |= ph[i].p_type == PT_INTERP;
	if ((eh->e_type != ET_EXEC && eh->e_type != ET_DYN) || interp)
		uni_die("image: %s is not a uni image (no PVH note) nor a static Linux executable%s (fix: "
			"give the output of uni-cc)", path, interp ? ", it is dynamically linked" : "");
	im->kind = IMAGE_LINUX;
}
