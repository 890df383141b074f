# cxx-lib.sh: helpers for tests/cxx/*.test (sourced from bash): build a C++ program of tests/cxx/
# with uni-c++ as an image and as a linux-platform executable, run both, and compare each one's
# stdout and exit status with what the test expects.
set -u
cd "$TEST_TMP"

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "skipped: $*"; exit 77; }

CXX_DIR=$UNI_SRC/tests/cxx
# Images run under TCG, the accelerator every machine has (UNI_ACCEL=kvm to use KVM instead).
CXX_ACCEL=${UNI_ACCEL:-tcg}

# need_cxx: the C++ runtime must be in the sysroot (./build.sh test cxx/ builds it first).
need_cxx() {
	[ -f "$UNI_OUT/sysroot/usr/lib/libstdc++.a" ] ||
		fail "the C++ runtime is not in $UNI_OUT/sysroot: run ./build.sh packages libstdcxx (log: $UNI_OUT/logs/pkg-libstdcxx.log)"
}

# build_cxx NAME [FLAG...]: tests/cxx/NAME.cc as NAME.img (pvh image) and NAME.linux (linux platform).
build_cxx() {
	local name=$1
	shift
	need_cxx
	uni-c++ -std=c++20 -O2 -Wall -Wextra -pthread -o "$name.img" "$CXX_DIR/$name.cc" "$@" >"$name.build.log" 2>&1 ||
		{ cat "$name.build.log"; fail "uni-c++ $name.cc (image)"; }
	uni-c++ --uni-platform=linux -std=c++20 -O2 -Wall -Wextra -pthread -o "$name.linux" "$CXX_DIR/$name.cc" "$@" \
		>>"$name.build.log" 2>&1 || { cat "$name.build.log"; fail "uni-c++ --uni-platform=linux $name.cc"; }
	readelf -n "$name.img" | grep -q Xen || fail "$name.img is not a PVH image"
	readelf -n "$name.linux" | grep -q Xen && fail "$name.linux is a PVH image"
	return 0
}

# run_cxx NAME TAG STATUS EXPECTED [uni-run option... --] ARG...: runs NAME.img (uni-run, stdin
# from $CXX_STDIN or /dev/null) and NAME.linux with the same arguments, where @WORK@ is a fresh
# directory (/tmp/TAG in the image, TAG.native here) and @SRC@ is tests/cxx (a read-only volume at
# /src in the image); both must exit STATUS and print exactly the file EXPECTED (relative to
# $CXX_DIR, tests/cxx/; a first line starting with # describes the file and is not compared) on
# stdout. Outputs: TAG.{img,linux}.{out,err}.
run_cxx() {
	local name=$1 tag=$2 want=$3 expected=$CXX_DIR/$4 ropts=() a iargs=() nargs=() rc
	shift 4
	if [ "${1:-}" = -o ]; then
		shift
		while [ "$1" != -- ]; do ropts+=("$1"); shift; done
		shift
	fi
	for a in "$@"; do
		case $a in *@SRC@*) ropts+=(-v "$CXX_DIR:/src:ro") ;; esac
		iargs+=("$(echo "$a" | sed -e "s|@WORK@|/tmp/$tag|g" -e "s|@SRC@|/src|g")")
		nargs+=("$(echo "$a" | sed -e "s|@WORK@|$PWD/$tag.native|g" -e "s|@SRC@|$CXX_DIR|g")")
	done
	uni-run --accel "$CXX_ACCEL" --timeout 300 "${ropts[@]}" "$name.img" "${iargs[@]}" \
		<"${CXX_STDIN:-/dev/null}" >"$tag.img.out" 2>"$tag.img.err"
	rc=$?
	[ "$rc" = "$want" ] || { tail -n 20 "$tag.img.out" "$tag.img.err"; fail "$tag: the image exited $rc, expected $want"; }
	"./$name.linux" "${nargs[@]}" <"${CXX_STDIN:-/dev/null}" >"$tag.linux.out" 2>"$tag.linux.err"
	rc=$?
	[ "$rc" = "$want" ] || { tail -n 20 "$tag.linux.out" "$tag.linux.err"; fail "$tag: the linux build exited $rc, expected $want"; }
	sed '1{/^#/d;}' "$expected" >"$tag.want"
	for a in img linux; do
		cmp -s "$tag.want" "$tag.$a.out" ||
			{ diff "$tag.want" "$tag.$a.out" | head -n 30; fail "$tag: the $a run's output differs from ${expected#"$UNI_SRC"/} (diff above)"; }
	done
}
