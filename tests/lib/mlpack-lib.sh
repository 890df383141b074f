# mlpack-lib.sh: builds tests/cxx/mlpack.cc (tests/cxx/mlpack*.test) as an image and a linux build
# against the sysroot's Armadillo, cereal and RapidJSON, with mlpack's, ensmallen's and stb's
# headers from Debian trixie's -dev packages (pinned here; tests/lib/debian-headers.sh says why).
# Source it from bash after tests/lib/cxx-lib.sh.
. "$UNI_SRC/tests/lib/debian-headers.sh"

# build_mlpack PC... [-- FLAG...]: mlpack.img and mlpack.linux, linked with the .pc modules PC
# (armadillo and cereal at least) and compiled with FLAG; prints how long the two compiles took.
build_mlpack() {
	local mods=() m start
	while [ $# -gt 0 ] && [ "$1" != -- ]; do mods+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	need_cxx
	for m in "${mods[@]}"; do
		uni-pkg-config --exists "$m" || fail "package '$m' is not in $UNI_OUT/sysroot: run ./build.sh packages $m"
	done
	deb_headers trixie "$PWD/deb" \
		libmlpack-dev=4.6.0-1=ff047bf2118cb322c224f44e5d179bd7d03c01134ed16d422592d67d421df5bf \
		libensmallen-dev=2.22.1-2=22f810eb65c282f704fd1805051f42b287b60d5f78e48573733b7605694393e0 \
		libstb-dev=0.0~git20241109.5c20573+ds-1=36fbe0c268c76daa655180ea3c9933afc41c6449ec5e53ef3d4907b516147650
	start=$(date +%s)
	# -isystem: the fetched headers' own warnings (stb's, mlpack's OpenMP pragmas) are not the test's.
	# shellcheck disable=SC2046
	build_cxx mlpack -DMLPACK_USE_SYSTEM_STB -Wno-unknown-pragmas -isystem "$PWD/deb/usr/include" "$@" \
		$(uni-pkg-config --cflags --libs "${mods[@]}")
	echo "info: two compiles (image, linux) at -O2 took $(($(date +%s) - start)) s"
}
