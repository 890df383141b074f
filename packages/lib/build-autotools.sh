# build-autotools.sh: the generic layer of an autoconf-style package: ./configure for the uni
# triple (static only, prefix /usr), make, make install DESTDIR=$STAGING, then the licence, the
# optional .pc file and the installed-file check of build-common.sh. Sourced by a recipe as
# `. "$RECIPE_LIB/build-autotools.sh"`; POSIX sh.
#
# Variables a recipe sets (besides build-common.sh's):
#   configure_args  added to ./configure's (e.g. --disable-tests)
#   cflags          CFLAGS for configure (default -O2 -fno-omit-frame-pointer: frame pointers
#                   keep the runtime's backtraces and perf profiles whole)
#   make_dirs       the folders make builds and installs (default .: the whole tree)
#   make_targets    what make builds in each (default: its default target)
# An override calls the steps it keeps: autotools_configure, autotools_build, autotools_install.

. "$RECIPE_LIB/build-common.sh"
inputs="$inputs packages/lib/build-autotools.sh"

autotools_configure() {
	# shellcheck disable=SC2086
	./configure --host="$(uni-cc -dumpmachine)" --prefix=/usr --enable-static --disable-shared \
		${configure_args:-} CFLAGS="${cflags:--O2 -fno-omit-frame-pointer}"
}

autotools_build() {
	local d
	# shellcheck disable=SC2086
	for d in ${make_dirs:-.}; do make -C "$d" -j"$JOBS" ${make_targets:-}; done
}

autotools_install() {
	local d
	for d in ${make_dirs:-.}; do make -C "$d" install DESTDIR="$STAGING"; done
}

recipe_configure() { autotools_configure; }
recipe_build() { autotools_build; }
recipe_install() {
	autotools_install
	install_licenses
	install_pc
}
