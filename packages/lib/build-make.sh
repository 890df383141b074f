# build-make.sh: the generic layer of a package built by its own Makefile, without a configure
# step: make with the uni drivers (CC=uni-cc AR=uni-ar RANLIB=uni-ranlib), then
# make install PREFIX=/usr DESTDIR=$STAGING, the licence, the optional .pc file and the
# installed-file check of build-common.sh. Sourced by a recipe as `. "$RECIPE_LIB/build-make.sh"`;
# POSIX sh.
#
# Variables a recipe sets (besides build-common.sh's):
#   make_targets  what the build step makes (default: the Makefile's default target)
# recipe_make runs every make of the recipe: a recipe overrides it to pass its own variables
# (values with spaces need a function, not a variable). An override of recipe_build or
# recipe_install calls the steps it keeps: make_build, make_install.

. "$RECIPE_LIB/build-common.sh"
inputs="$inputs packages/lib/build-make.sh"

recipe_make() { make CC=uni-cc AR=uni-ar RANLIB=uni-ranlib "$@"; }

make_build() {
	# shellcheck disable=SC2086
	recipe_make -j"$JOBS" ${make_targets:-}
}

make_install() { recipe_make install PREFIX=/usr DESTDIR="$STAGING"; }

recipe_build() { make_build; }
recipe_install() {
	make_install
	install_licenses
	install_pc
}
