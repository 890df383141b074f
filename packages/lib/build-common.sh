# build-common.sh: what every generic build layer shares (the licence copy, an optional .pc file,
# the installed-file check), and itself the layer of a recipe with nothing to configure or compile.
# A recipe sources one layer right after its identity variables, e.g.
#   . "$RECIPE_LIB/build-autotools.sh"
# (RECIPE_LIB is packages/lib: exported by packages/lib/packages.sh and tests/lib/examples-recipe.sh,
# so the line works in build.sh's shell, in recipe_stage's child shells and in the tests), then
# sets the layer's variables and overrides any recipe_* function it must. POSIX sh: build.sh's
# shell (set -eu) and recipe_stage's child shells (set -e) both source it.
#
# Variables a recipe sets:
#   license_files   files of the source tree copied to usr/share/licenses/NAME/ (required)
#   installed       files that must be in the staging tree (usr/lib/libz.a usr/include/zlib.h ...);
#                   the licence files are checked too
#   pc_description  when set, install_pc writes usr/lib/pkgconfig/NAME.pc (for a package whose
#                   build system writes none), with pc_libs (e.g. -ldarknet; none: headers only),
#                   pc_libs_private, pc_requires_private and pc_include_subdir (-I/usr/include/SUBDIR)

# A layer is part of the key of every recipe that sources it (pkg_build hashes the recipe's
# inputs): changing it rebuilds exactly those packages. A recipe that sets inputs does so first.
inputs="${inputs:-} packages/lib/build-common.sh"

# Nothing to configure or compile: a layer for a build system replaces these.
recipe_configure() { :; }
recipe_build() { :; }
recipe_install() {
	install_licenses
	install_pc
}
recipe_check() { check_installed; }

# install_licenses: copies license_files into usr/share/licenses/NAME/ of the staging tree.
install_licenses() {
	[ -n "${license_files:-}" ] || {
		echo "$name: install: the recipe names no licence file (fix: set license_files=\"LICENSE ...\" in packages/$name/recipe)"
		exit 1
	}
	mkdir -p "$STAGING/usr/share/licenses/$name"
	# shellcheck disable=SC2086
	cp $license_files "$STAGING/usr/share/licenses/$name/"
}

# install_pc: writes usr/lib/pkgconfig/NAME.pc from the pc_* variables when pc_description is set.
# Its Version is the upstream version (no Debian epoch or revision).
# shellcheck disable=SC2016 # ${prefix}, ${libdir} and ${includedir} are the .pc file's own
install_pc() {
	local v
	[ -n "${pc_description:-}" ] || return 0
	v=${version#*:}
	mkdir -p "$STAGING/usr/lib/pkgconfig"
	{
		echo 'prefix=/usr'
		[ -z "${pc_libs:-}" ] || echo 'libdir=${prefix}/lib'
		echo 'includedir=${prefix}/include'"${pc_include_subdir:+/$pc_include_subdir}"
		echo
		echo "Name: $name"
		echo "Description: $pc_description"
		echo "Version: ${v%-*}"
		[ -z "${pc_requires_private:-}" ] || echo "Requires.private: $pc_requires_private"
		echo 'Cflags: -I${includedir}'
		[ -z "${pc_libs:-}" ] || echo 'Libs: -L${libdir} '"$pc_libs"
		[ -z "${pc_libs_private:-}" ] || echo "Libs.private: $pc_libs_private"
	} >"$STAGING/usr/lib/pkgconfig/$name.pc"
}

# check_installed: every file of `installed` and every licence file is in the staging tree.
check_installed() {
	local f l
	for f in ${installed:-} $(for l in ${license_files:-}; do echo "usr/share/licenses/$name/${l##*/}"; done); do
		[ -e "$STAGING/$f" ] || {
			echo "$name: check: $f was not installed into the staging tree (fix: packages/$name/recipe's install step, or its installed= list)"
			exit 1
		}
	done
}
