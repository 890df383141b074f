# Helpers for the runtime's tests: build a C program as an image and as a linux-platform
# executable, run both, compare. Sourced by tests/kernel/*.test.
set -u
fail() { echo "FAIL: $*"; exit 1; }

# build NAME SRC [CFLAGS...]: NAME.img (pvh) and NAME.linux in the current directory.
build() {
	name=$1 src=$2
	shift 2
	uni-cc -O2 "$@" -o "$name.img" "$src" || fail "uni-cc could not build $src as an image"
	uni-cc --uni-platform=linux -O2 "$@" -o "$name.linux" "$src" || fail "uni-cc could not build $src for linux"
}

# same_output NAME ARGS...: stdout and exit status of the image equal the linux build's.
# uni-run runs the image on $UNI_CPUS vCPUs (default 1): UNI_CPUS=2 ./build.sh test posix.
same_output() {
	name=$1
	shift
	"./$name.linux" "$@" >native.out 2>native.err
	ns=$?
	uni-run --timeout 60 "$name.img" "$@" >image.out 2>image.err
	is=$?
	diff -u native.out image.out >diff.txt || { cat diff.txt image.err; fail "$name $*: image output differs from native"; }
	[ "$ns" = "$is" ] || { cat image.err; fail "$name $*: exit status $is, native $ns"; }
}
