# Sysroot packages: `./build.sh packages [NAME...]` builds library and data recipes (kind=library,
# kind=data: files under usr/share/uni such as models) and
# their dependencies in dependency order, each into a staging tree, writes it as a binary package
# (out/packages/, see packages/lib/uni-pkg.sh) and installs that archive into out/sysroot with
# uni-pkg (atomic). The store (STORE: a folder, or a read-only file:// or http:// URL) keeps
# built archives by their stamp: a package whose stamp is in the store is installed from there
# instead of built, and a package built here is published to a folder store.
# Sourced by build.sh after recipe.sh; needs: die, die_log, step_*, inputs_hash, stamp_ok,
# stamp_write, ROOT, OUT, CACHE, STORE, JOBS.

# Recipes load their generic build layer from here (`. "$RECIPE_LIB/build-autotools.sh"`,
# packages/lib/build-common.sh): in this shell (recipe_load) and in recipe_stage's child shells,
# which see only the environment and the recipe file.
RECIPE_LIB=$ROOT/packages/lib
export RECIPE_LIB

# The default build order: fast packages first, so that a long build fails late, not early.
PKG_FIRST="zlib libpng libjpeg-turbo libwebp cjson stb libmicrohttpd openblas darknet"

# pkg_all: every recipe that declares kind=library or kind=data, except optional ones
# (optional=yes: onnxruntime and its dependencies, an hour's build; they are built when named, or
# needed by a named package or test): PKG_FIRST's order, then the rest by name.
pkg_all() {
	local all n
	all=$(grep -l -e '^kind=library' -e '^kind=data' "$ROOT"/packages/*/recipe | xargs grep -L '^optional=yes' |
		sed 's|.*/packages/\([^/]*\)/recipe|\1|' | LC_ALL=C sort)
	for n in $PKG_FIRST; do echo "$all" | grep -qx "$n" && echo "$n"; done
	for n in $all; do case " $PKG_FIRST " in *" $n "*) ;; *) echo "$n" ;; esac; done
}

# pkg_order NAME...: sets PKG_ORDER to the names and all their dependencies, dependencies first.
pkg_order() {
	local n
	PKG_SEEN=
	PKG_ORDER=
	for n in "$@"; do pkg_visit "$n" ""; done
}
pkg_visit() { # NAME PATH(for cycle reports)
	local d ds
	case " $PKG_SEEN " in *" $1 "*) return ;; esac
	case " $2 " in *" $1 "*) die packages "dependency cycle: $2 $1" "fix deps= in packages/$1/recipe" ;; esac
	[ -f "$ROOT/packages/$1/recipe" ] || die packages "no recipe packages/$1/recipe${2:+ (needed by${2##* })}" \
		"use one of: $(pkg_all | tr '\n' ' ')"
	grep -q -e '^kind=library' -e '^kind=data' "$ROOT/packages/$1/recipe" ||
		die packages "packages/$1 is not a sysroot package (no kind=library or kind=data)" \
		"use one of: $(pkg_all | tr '\n' ' ')"
	ds=$(sed -n 's/^deps="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$ROOT/packages/$1/recipe")
	for d in $ds; do pkg_visit "$d" "$2 $1"; done
	PKG_SEEN="$PKG_SEEN $1"
	PKG_ORDER="$PKG_ORDER $1"
}

# pkg_toolchain_version: what a static library depends on: the host compiler, musl (its recipe,
# hashes and patch) and the target description. Printed as uni-<12 hex digits>.
pkg_toolchain_version() {
	echo "uni-$(gcc --version | head -n 1 | inputs_hash "$ROOT/packages/musl" "$ROOT/toolchains/target.txt" | cut -c1-12)"
}

# pkg_install_tool: out/bin/uni-pkg (packages/lib/uni-pkg.sh) and the sysroot's toolchain version.
step_pkgtool() {
	local tv
	mkdir -p "$OUT/bin" "$OUT/sysroot/usr/share/uni-pkg"
	if ! cmp -s "$ROOT/packages/lib/uni-pkg.sh" "$OUT/bin/uni-pkg"; then
		cp "$ROOT/packages/lib/uni-pkg.sh" "$OUT/bin/.uni-pkg.tmp" && chmod 755 "$OUT/bin/.uni-pkg.tmp" &&
			mv "$OUT/bin/.uni-pkg.tmp" "$OUT/bin/uni-pkg"
	fi
	tv=$(pkg_toolchain_version)
	if [ "$(cat "$OUT/sysroot/usr/share/uni-pkg/toolchain" 2>/dev/null)" != "$tv" ]; then
		echo "$tv" >"$OUT/sysroot/usr/share/uni-pkg/.toolchain.tmp"
		mv "$OUT/sysroot/usr/share/uni-pkg/.toolchain.tmp" "$OUT/sysroot/usr/share/uni-pkg/toolchain"
	fi
}

# pkg_stage_filter NAME STAGING: keeps only static libraries, headers, .pc files, CMake package
# files (usr/{lib,share}/cmake: find_package of abseil, protobuf, onnx ... by onnxruntime's CMake), licenses,
# runtime components (usr/lib/uni) and data for images (usr/share/uni).
pkg_stage_filter() {
	local s="$2" f
	[ -d "$s/usr" ] || die "$1" "the recipe staged nothing under usr/" "check recipe_install in packages/$1/recipe"
	(cd "$s" && find . ! -type d) | while IFS= read -r f; do
		case ${f#./} in
		usr/include/* | usr/lib/pkgconfig/*.pc | usr/share/pkgconfig/*.pc | usr/share/licenses/*) ;;
		usr/lib/cmake/* | usr/share/cmake/*) ;;
		usr/lib/uni/* | usr/share/uni/*) ;;   # runtime components (lwIP) and data (models)
		usr/lib/*.a) case ${f#./usr/lib/} in */*) rm -f "$s/$f" ;; esac ;;
		*) rm -f "$s/$f" ;;
		esac
	done
	find "$s" -depth -type d -empty -delete
	mkdir -p "$s/usr"
}

# pkg_from_store NAME KEY: installs the store's archive of NAME for KEY (its stamp) and says so;
# false when the store has none, cannot be read, or its entry is refused (said loudly, never
# installed).
pkg_from_store() {
	local n="$1" log="$OUT/logs/pkg-$1.log" got rc=0 arch secs date
	got=$("$OUT/bin/uni-pkg" --sysroot "$OUT/sysroot" fetch --store "$STORE" "$n" "$2" "$OUT/packages" 2>"$log") || rc=$?
	case $rc in
	0) ;;
	3) return 1 ;;
	4)	echo "store      WARNING: cannot read the store $STORE: $(grep -v '^uni-pkg' "$log" | head -n 2 | tr '\n' ' ')(fix: check UNI_STORE, or unset it); building $n" >&2
		return 1 ;;
	*)	printf '%-10s REFUSED the store'"'"'s entry, not installed: %s; building it instead (log: %s)\n' "$n" \
			"$(tail -n 1 "$log" | sed 's/^uni-pkg: .*REFUSED: //')" "$log" >&2
		return 1 ;;
	esac
	date=${got##* } got=${got% *}
	secs=${got##* } arch=${got% *}
	step_begin "$n" "$version: from the store, built in ${secs}s on $date"
	if ! "$OUT/bin/uni-pkg" --sysroot "$OUT/sysroot" install "$arch" >>"$log" 2>&1; then
		echo "REFUSED"
		STEP_OPEN=
		printf '%-10s REFUSED the store'"'"'s archive: uni-pkg install failed: %s; the sysroot is unchanged; building it instead (log: %s)\n' \
			"$n" "$(tail -n 1 "$log")" "$log" >&2
		rm -f "$arch"
		return 1
	fi
	echo "from the store $STORE: $arch, built in ${secs}s on $date" >>"$log"
	stamp_write "pkg-$n" "$2"
	step_end "installed, ${arch##*/}"
}

# pkg_publish NAME ARCHIVE: adds a freshly built archive to the store when it is a folder (URL
# stores are read-only); a failure is a warning, since the package itself is installed.
pkg_publish() {
	local log="$OUT/logs/pkg-$1.log"
	case $STORE in *://*) PKG_PUBLISHED="not published: the store $STORE is read-only"; return ;; esac
	if "$OUT/bin/uni-pkg" publish --store "$STORE" "$2" >>"$log" 2>&1; then
		PKG_PUBLISHED="published to the store"
	else
		PKG_PUBLISHED="NOT published to the store $STORE ($(tail -n 1 "$log"); see $log)"
	fi
}

# pkg_build NAME: builds NAME (its dependencies are installed) unless its stamp is current or
# the store has it: the stamp is a hash of the toolchain version, the dependencies' stamps,
# packages/NAME/ (recipe, hashes, patches), recipe.sh (unpack and patch) and the recipe's inputs
# (e.g. tools/model, and the build layer a recipe sources: packages/lib/build-*.sh add
# themselves); it is the package's key in the store.
pkg_build() {
	local n="$1" want d t0 secs log="$OUT/logs/pkg-$1.log" arch tv
	recipe_load "$n"
	tv=$(pkg_toolchain_version)
	# shellcheck disable=SC2046
	want=$({ echo "$tv"; for d in $deps; do cat "$OUT/stamps/pkg-$d" 2>/dev/null; done; } |
		inputs_hash "$ROOT/packages/$n" "$ROOT/packages/lib/recipe.sh" $(for d in $inputs; do echo "$ROOT/$d"; done))
	if stamp_ok "pkg-$n" "$want" && "$OUT/bin/uni-pkg" --sysroot "$OUT/sysroot" verify "$n" >/dev/null 2>&1; then
		step_skip "$n" "$version: up to date"
		return
	fi
	mkdir -p "$OUT/packages"
	! pkg_from_store "$n" "$want" || return 0
	if ! recipe_sources_ok "$n"; then
		# The log appears when the download ends: until then the ticker prints the time so far.
		rm -f "$OUT/logs/fetch-$n.log"
		step_begin sources "$n $version: fetching ${suite:+Debian $suite source package }$source_package$([ -n "$suite" ] || echo " from $origin")" \
			"$OUT/logs/fetch-$n.log"
		recipe_fetch "$n"
		step_end verified
	fi
	step_begin "$n" "$version: building (log: out/logs/pkg-$n.log)" "$log"
	t0=$(date +%s)
	RECIPE_LOG=$log recipe_stage "$n"
	pkg_stage_filter "$n" "$OUT/build/$n/staging"
	secs=$(($(date +%s) - t0))
	arch=$(sh "$ROOT/packages/lib/uni-pkg.sh" create "$OUT/build/$n/staging" "$OUT/packages" \
		"name=$n" "version=$version" "source=$source_package $version (${suite:-$origin})" "license=$license" \
		"deps=$deps" "toolchain=$tv" "key=$want" "build_seconds=$secs" \
		"source_sha256=$(recipe_hashes "$n" | awk '{ printf "%s%s:%s", s, $2, $1; s = " " }')" 2>>"$log") ||
		die_log "$n" "writing the binary package of $n failed" "$log"
	"$OUT/bin/uni-pkg" --sysroot "$OUT/sysroot" install "$arch" >>"$log" 2>&1 ||
		die_log "$n" "installing $arch into out/sysroot failed (the sysroot is unchanged)" "$log"
	echo "build_seconds $n $secs" >>"$log"
	stamp_write "pkg-$n" "$want"
	rm -rf "$OUT/build/$n"
	pkg_publish "$n" "$arch"
	step_end "installed, ${arch##*/}, built in ${secs}s, $PKG_PUBLISHED"
}

# build_packages NAME...: the named packages (default all) and their dependencies, in order.
build_packages() {
	local n
	[ $# -gt 0 ] || set -- $(pkg_all)
	step_pkgtool
	# Recipes find the drivers (uni-cc, x86_64-uni-linux-musl-*) first in PATH.
	PATH=$OUT/bin:$PATH
	export PATH
	pkg_order "$@"
	for n in $PKG_ORDER; do pkg_build "$n"; done
}

# pkg_tests_packages PATTERN...: the packages that the tests `tests/run.sh PATTERN...` selects name
# in their "# needs:" lines (tests/run.sh --needs), on stdout. A run of every test leaves out the
# optional ones (optional=yes: onnxruntime, an hour's build): a PATTERN naming such a test builds it.
pkg_tests_packages() {
	local n
	for n in $(UNI_OUT=$OUT sh "$ROOT/tests/run.sh" --needs "$@"); do
		[ $# -eq 0 ] && grep -q '^optional=yes' "$ROOT/packages/$n/recipe" 2>/dev/null && continue
		echo "$n"
	done
}
