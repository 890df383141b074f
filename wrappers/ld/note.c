/* note.c: uni-ld --cpus N (or UNI_IMAGE_CPUS=N): an ELF note in the image that asks uni-run
 * for N virtual CPUs when neither --cpus nor UNI_CPUS says otherwise. */
#include "ld.h"

#include <stdlib.h>

/* The note's layout is shared with uni-run's reader (docs/ARCHITECTURE.md "Image notes"):
 * name "uni", type UNI_NOTE_CPUS, a 4-byte little-endian count. */
const char *cpus_note_object(const char *count)
{
	char *end;
	long n = strtol(count, &end, 10);
	if (end == count || *end || n < 1 || n > 16)
		uni_die("--cpus '%s': not a CPU count (fix: a whole number from 1 to 16)", count);
	return ld_assemble("cpus", uni_strf("\t.section .note.uni,\"a\",@note\n\t.balign 4\n"
		"\t.long 4, 4, %d\n\t.asciz \"uni\"\n\t.long %ld\n"
		"\t.section .note.GNU-stack,\"\",@progbits\n", UNI_NOTE_CPUS, n));
}
