/* imagesum.h: the checksum of a PVH image's loaded bytes, which uni-ld records in a note and
 * uni-run checks before booting, so that a damaged image is refused instead of booted. */
#ifndef UNI_IMAGESUM_H
#define UNI_IMAGESUM_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

/* A 64-bit sum (imagesum.c: four multiply-rotate lanes over 32-byte blocks, then the length)
 * of the file bytes of every PT_LOAD segment in program-header order, the 8 bytes at file
 * offset 'hole' (the note's own value) and the ELF header counted as zeros: strip rewrites the
 * header's section-table fields, and uni-run checks the header itself. The segments must lie
 * within the file. */
uint64_t uni_image_sum(const unsigned char *data, const Elf64_Phdr *ph, unsigned n, uint64_t hole);

#endif
