/* dl_find_object.c: glibc's _dl_find_object for the host gcc's libgcc_eh.a (the C++ unwinder). */
/* The unwinder first searches the unwind tables crtbeginT.o registered (all of the program's
 * .eh_frame) and asks this only when that fails. A static program has no loaded objects to report:
 * -1 is glibc's "no object contains pc", and the unwinder stops there as it would for an address
 * outside every object. Linked into both platforms: musl has no such function. */
struct dl_find_object;

int _dl_find_object(void *pc, struct dl_find_object *result)
{
	(void)pc;
	(void)result;
	return -1;
}
