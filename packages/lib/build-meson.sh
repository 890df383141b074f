# build-meson.sh: the generic layer of a Meson package: set up in build/ with the uni cross file
# (out/toolchains/TRIPLE.meson), release, static libraries only, prefix /usr and libdir lib;
# compiled and installed with DESTDIR=$STAGING, then the licence, the optional .pc file and the
# installed-file check of build-common.sh. Sourced by a recipe as
# `. "$RECIPE_LIB/build-meson.sh"`; POSIX sh.
#
# Variables a recipe sets (besides build-common.sh's):
#   meson_args  added to meson setup (-Doption=value ...; a later -D of the same option wins)
# An override calls the steps it keeps: meson_configure, meson_build, meson_install.

. "$RECIPE_LIB/build-common.sh"
inputs="$inputs packages/lib/build-meson.sh"

meson_configure() {
	# shellcheck disable=SC2086
	meson setup build --cross-file "$(dirname "$(command -v uni-cc)")/../toolchains/$(uni-cc -dumpmachine).meson" \
		--prefix=/usr --libdir=lib --buildtype=release --default-library=static ${meson_args:-}
}

meson_build() { meson compile -C build -j "$JOBS"; }

meson_install() { meson install -C build --no-rebuild --destdir "$STAGING"; }

recipe_configure() { meson_configure; }
recipe_build() { meson_build; }
recipe_install() {
	meson_install
	install_licenses
	install_pc
}
