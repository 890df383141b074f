/* tools.h: uni-pkg-config's entry, called by the tools' main when it is run under that name. */
#ifndef UNI_TOOLS_H
#define UNI_TOOLS_H

#include "../common/uni.h"

/* pkgconf (or pkg-config) on the sysroot's .pc files and the user's PKG_CONFIG_PATH, answering
 * for static linking; exits with its status. */
void tools_pkg_config(char **argv) __attribute__((noreturn));

#endif
