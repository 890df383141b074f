# Helpers for tests/posix file tests: the program gets a starting tree as its argument (a
# directory it changes into); the linux build works on a fresh copy in TEST_TMP, the image
# on the same tree passed with uni-run -v. Sourced after kernel-lib.sh.

# fs_tree DIR: the starting tree every file test gets: hello.txt, link -> hello.txt, sub/.
fs_tree() {
	mkdir -p "$1/sub" && printf 'hello\n' >"$1/hello.txt" && ln -s hello.txt "$1/link" ||
		fail "cannot make the starting tree in $1"
}

# fs_same NAME [ARG...]: NAME.linux on a copy of ./tree and NAME.img on ./tree (as /work)
# print the same stdout and exit the same way.
fs_same() {
	name=$1
	shift
	rm -rf native-tree && cp -a tree native-tree || fail "cannot copy the starting tree"
	"./$name.linux" "$PWD/native-tree" "$@" >native.out 2>native.err
	ns=$?
	uni-run --timeout 60 -v "$PWD/tree:/work" "$name.img" /work "$@" >image.out 2>image.err
	is=$?
	diff -u native.out image.out >diff.txt || { cat diff.txt image.err; fail "$name $*: image output differs from native (- native, + image)"; }
	[ "$ns" = "$is" ] || { cat image.err; fail "$name $*: exit status $is, native $ns"; }
}
