# examples-recipe.sh: lets a test fetch and verify a recipe's Debian sources into the uni cache with
# build.sh's own recipe library (packages/lib/recipe.sh), then unpack them. Source it from bash.
# Needs UNI_SRC and UNI_OUT; uses UNI_CACHE like build.sh.

# examples_fetch NAME: makes $CACHE/src/NAME hold the verified files of packages/NAME; prints the
# reason and returns 77 when they cannot be downloaded, 1 when a download does not match its hash.
examples_fetch() {
	(
		set -eu
		ROOT=$UNI_SRC OUT=$UNI_OUT JOBS=$(nproc 2>/dev/null || echo 2)
		# A recipe sources its build layer from there (packages/lib/build-common.sh).
		RECIPE_LIB=$ROOT/packages/lib
		CACHE=${UNI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/uni}
		mkdir -p "$OUT/logs" "$CACHE"
		# build.sh's die, but with an exit status that tells a missing network from a bad download.
		die() {
			printf 'fetching %s failed in step %s: %s (%s)\n' "$1" "$1" "$2" "$3"
			case $2 in *mismatch* | *"no sha256"*) exit 1 ;; *) exit 77 ;; esac
		}
		. "$ROOT/packages/lib/apt-source.sh"
		. "$ROOT/packages/lib/recipe.sh"
		recipe_load "$1"
		recipe_sources_ok "$1" && exit 0
		recipe_fetch "$1"
		recipe_sources_ok "$1" || { echo "the sources of $1 are not in $CACHE/src/$1 after fetching"; exit 77; }
	)
}

# examples_unpack NAME DEST: unpacks packages/NAME's verified source package into DEST and applies
# packages/NAME/patches/*.patch, as build.sh's recipe_stage does.
examples_unpack() {
	local cache=${UNI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/uni} version package p
	version=$(sed -n 's/^version=//p' "$UNI_SRC/packages/$1/recipe")
	package=$(sed -n 's/^source_package=//p' "$UNI_SRC/packages/$1/recipe")
	dpkg-source -x --no-check "$cache/src/$1/${package}_${version#*:}.dsc" "$2" >"$2.unpack.log" 2>&1 ||
		{ cat "$2.unpack.log"; echo "dpkg-source -x of $1 $version failed"; return 1; }
	for p in "$UNI_SRC/packages/$1/patches"/*.patch; do
		[ -f "$p" ] || continue
		(cd "$2" && patch -p1 --batch --forward <"$p") >>"$2.unpack.log" 2>&1 ||
			{ cat "$2.unpack.log"; echo "patch ${p#"$UNI_SRC"/} does not apply to $1 $version"; return 1; }
	done
}
