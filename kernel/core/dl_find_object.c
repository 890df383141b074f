/* dl_find_object.c: glibc's _dl_find_object for the host gcc's libgcc_eh.a (the C++ unwinder). */
/* The unwinder first searches the unwind tables the start files registered, and asks this when
 * that fails. crtbeginT.o (an image or a linux build at a fixed address) registers all of the
 * program's .eh_frame; crtbeginS.o (a position-independent image) registers none, as glibc's
 * loader answers this: the object is the image, its unwind data the .eh_frame_hdr search
 * table uni-ld asks for (--eh-frame-hdr) and image.ld names. Without that table (an image
 * linked without it, a linux build, whose linker script does not name it) there is nothing
 * to report: -1 is glibc's "no
 * object contains pc", and the unwinder stops there as it would for an address outside every
 * object. Linked into both platforms: musl has no such function. */
#include <stddef.h>

/* glibc's layout on x86_64 (<dlfcn.h>: no eh_dbase, no eh_count). */
struct dl_find_object {
	unsigned long long dlfo_flags;
	void *dlfo_map_start, *dlfo_map_end;
	void *dlfo_link_map;
	void *dlfo_eh_frame;
	unsigned long long reserved[7];
};

extern char uni_eh_frame_hdr[] __attribute__((weak, visibility("hidden")));
extern char uni_eh_frame_hdr_end[] __attribute__((weak, visibility("hidden")));
extern char __image_start[] __attribute__((weak, visibility("hidden")));
extern char __image_end[] __attribute__((weak, visibility("hidden")));

int _dl_find_object(void *pc, struct dl_find_object *result)
{
	if (uni_eh_frame_hdr == uni_eh_frame_hdr_end || (char *)pc < __image_start || (char *)pc >= __image_end)
		return -1;
	*result = (struct dl_find_object){ .dlfo_map_start = __image_start, .dlfo_map_end = __image_end,
					   .dlfo_eh_frame = uni_eh_frame_hdr };
	return 0;
}
