/* Functions an image may not link, whose callers test their address first. */
#ifndef UNI_WEAK_H
#define UNI_WEAK_H

/* On every declaration of such a function: a call goes through its GOT entry (0 when not
 * linked), so that a position-independent image needs no PLT entry for it; ld turns the call
 * into a direct one when the function is linked. */
#define UNI_MAYBE_LINKED __attribute__((noplt))
/* Declares the reference itself weak, for a declaration of its own. */
#define UNI_WEAK_FN __attribute__((weak)) UNI_MAYBE_LINKED

#endif
