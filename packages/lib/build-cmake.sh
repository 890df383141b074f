# build-cmake.sh: the generic layer of a CMake package: configured in build/ with the uni
# toolchain file (out/toolchains/TRIPLE.cmake), Release, static, prefix /usr and libdir lib;
# built and installed with DESTDIR=$STAGING, then the licence, the optional .pc file and the
# installed-file check of build-common.sh. Sourced by a recipe as
# `. "$RECIPE_LIB/build-cmake.sh"`; POSIX sh.
#
# Variables a recipe sets (besides build-common.sh's):
#   cmake_args    added to the configure command (-DOPTION=VALUE ...; a later -D of the same
#                 variable wins over the layer's)
#   cmake_source  the folder with the top CMakeLists.txt, relative to the source tree (default .)
# An override calls the steps it keeps: cmake_configure, cmake_build, cmake_install;
# cmake_configure appends its own arguments, for values known only when it runs (paths).

. "$RECIPE_LIB/build-common.sh"
inputs="$inputs packages/lib/build-cmake.sh"

cmake_configure() {
	# shellcheck disable=SC2086
	cmake -S "${cmake_source:-.}" -B build \
		-DCMAKE_TOOLCHAIN_FILE="$(dirname "$(command -v uni-cc)")/../toolchains/$(uni-cc -dumpmachine).cmake" \
		-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_INSTALL_LIBDIR=lib \
		-DBUILD_SHARED_LIBS=OFF ${cmake_args:-} "$@"
}

cmake_build() { cmake --build build -j"$JOBS"; }

cmake_install() { DESTDIR="$STAGING" cmake --install build; }

recipe_configure() { cmake_configure; }
recipe_build() { cmake_build; }
recipe_install() {
	cmake_install
	install_licenses
	install_pc
}
