# packages-lib.sh: helpers for tests/packages/*.test (sourced from bash): build a program against
# sysroot packages through uni-pkg-config as an image and as a linux-platform executable, run both
# with the same inputs and compare their outputs.
set -u
cd "$TEST_TMP"

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "skipped: $*"; exit 77; }

# need_pkgs PC...: the .pc modules must be in the sysroot (./build.sh test builds them).
need_pkgs() {
	local m
	for m in "$@"; do
		uni-pkg-config --exists "$m" ||
			fail "package '$m' is not in $UNI_OUT/sysroot: run ./build.sh packages (log: $UNI_OUT/logs/pkg-*.log)"
	done
}

# build_both SRC.c NAME PC...: NAME.img (pvh image) and NAME.linux (linux platform) from SRC.c.
build_both() {
	local src=$1 name=$2 flags
	shift 2
	# No --static: uni-pkg-config always answers for static links, as images are.
	flags=$(uni-pkg-config --cflags --libs "$@") || fail "uni-pkg-config --cflags --libs $*"
	# shellcheck disable=SC2086
	uni-cc -O2 -Wall -o "$name.img" "$src" $flags >"$name.build.log" 2>&1 ||
		{ cat "$name.build.log"; fail "uni-cc $src $flags (image)"; }
	# shellcheck disable=SC2086
	uni-cc --uni-platform=linux -O2 -Wall -o "$name.linux" "$src" $flags >>"$name.build.log" 2>&1 ||
		{ cat "$name.build.log"; fail "uni-cc --uni-platform=linux $src $flags"; }
	readelf -n "$name.img" | grep -q Xen || fail "$name.img is not a PVH image"
}

# run_both NAME TAG DIR [uni-run options --] ARG...: runs NAME.img with DIR as /data (volume) and
# NAME.linux with /data in its arguments rewritten to DIR (LINUX_ENV: its environment); stdout to
# TAG.img.out / TAG.linux.out, then compares them except lines starting with "info:".
run_both() {
	local name=$1 tag=$2 dir=$3 ropts=() a largs=() rc
	shift 3
	if [ "${1:-}" = -o ]; then
		shift
		while [ "$1" != -- ]; do ropts+=("$1"); shift; done
		shift
	fi
	for a in "$@"; do largs+=("${a//\/data/$dir}"); done
	uni-run --timeout 120 "${ropts[@]}" -v "$dir:/data" "$name.img" "$@" >"$tag.img.out" 2>"$tag.img.err"
	rc=$?
	[ $rc = 0 ] || { tail -n 20 "$tag.img.out" "$tag.img.err"; fail "$tag: the image exited $rc"; }
	env "${LINUX_ENV[@]}" "./$name.linux" "${largs[@]}" >"$tag.linux.out" 2>"$tag.linux.err"
	rc=$?
	[ $rc = 0 ] || { tail -n 20 "$tag.linux.out" "$tag.linux.err"; fail "$tag: the linux build exited $rc"; }
	# Lines starting with "info:" may differ (e.g. the CPU a library detected); the rest may not.
	if ! cmp -s <(grep -v '^info:' "$tag.img.out") <(grep -v '^info:' "$tag.linux.out"); then
		diff "$tag.img.out" "$tag.linux.out" | head -n 20
		fail "$tag: the image and the linux build print different results (above)"
	fi
}
LINUX_ENV=(PATH="$PATH")
