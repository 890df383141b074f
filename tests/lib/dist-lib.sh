# dist-lib.sh: what the tests of ./build.sh dist (tests/dist/) share: the release's file names (skipping when
# out/dist is missing or older than out/), a PATH without out/bin, and checks of a hello image.

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "$*"; exit 77; }

version=$(sed -n '1{s/^[[:space:]]*//;s/[[:space:]]*$//;p;}' "$UNI_SRC/VERSION")
dist=$UNI_OUT/dist
archive=$dist/uni-$version-x86_64-linux.tar.xz
deb=$dist/uni_${version}_amd64.deb
[ -f "$archive" ] && [ -f "$deb" ] || skip "no release in $dist: run ./build.sh dist first"
newer=$(find "$UNI_OUT/bin" "$UNI_OUT/sysroot" "$UNI_OUT/libexec" -newer "$archive" -print -quit)
[ -z "$newer" ] || skip "out/dist is older than $newer: run ./build.sh dist again"

# The runner puts out/bin first on PATH: without it, nothing can fall back to out/.
PATH=$(printf '%s\n' "$PATH" | tr ':' '\n' | grep -vxF "$UNI_OUT/bin" | paste -sd:)
export PATH

# build_hello CC DIR: examples/hello built by its Makefile with CC into DIR/hello.
build_hello() {
	cp -R "$UNI_SRC/examples/hello" "$2"
	rm -f "$2/hello"
	make -C "$2" CC="$1" >"$2.log" 2>&1 || { cat "$2.log"; fail "make CC=$1"; }
	readelf -n "$2/hello" | grep -q Xen || fail "$2/hello built by $1 is not a PVH image"
}

# boot_hello RUN IMAGE ACCEL: the image's output and exit status through RUN --accel ACCEL.
boot_hello() {
	local out=boot-$3.out st
	"$1" --accel "$3" --timeout 60 -e GREETING=Hi "$2" 'a b' --exit 3 >"$out" 2>"$out.err"
	st=$?
	[ $st = 3 ] || { cat "$out" "$out.err"; fail "$1 --accel $3 $2 exited $st (expected 3)"; }
	grep -qxF 'arg 1: a b' "$out" && grep -qxF 'Hi, world!' "$out" ||
		{ cat "$out" "$out.err"; fail "$1 --accel $3: expected 'arg 1: a b' and 'Hi, world!'"; }
	echo "ok $1 --accel $3"
}
