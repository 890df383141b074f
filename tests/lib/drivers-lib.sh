# drivers-lib.sh: helpers for tests/drivers/*.test (sourced): verdicts, checks, a movable out/ copy.
set -eu
cd "$TEST_TMP"

fail() { # WHAT...: print why and fail the test
	echo "FAIL: $*"
	exit 1
}

skip() { # WHY...
	echo "skipped: $*"
	exit 77
}

# expect_ok WHAT CMD...: CMD must exit 0; its stdout+stderr go to out.txt.
expect_ok() {
	what=$1
	shift
	"$@" >out.txt 2>&1 || { echo "--- output:"; cat out.txt; fail "$what: expected success, '$*' exited non-zero"; }
}

# expect_fail WHAT CMD...: CMD must exit non-zero; its stdout+stderr go to out.txt.
expect_fail() {
	what=$1
	shift
	if "$@" >out.txt 2>&1; then
		echo "--- output:"
		cat out.txt
		fail "$what: expected failure, '$*' exited 0"
	fi
}

# expect_grep WHAT PATTERN [FILE]: FILE (default out.txt) must contain the fixed string PATTERN.
expect_grep() {
	grep -qF -e "$2" "${3:-out.txt}" || { echo "--- ${3:-out.txt}:"; cat "${3:-out.txt}"; fail "$1: expected to find '$2'"; }
}

expect_no_grep() {
	if grep -qF -e "$2" "${3:-out.txt}"; then
		echo "--- ${3:-out.txt}:"
		cat "${3:-out.txt}"
		fail "$1: did not expect '$2'"
	fi
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# copy_out DIR: a copy of out/'s drivers and sysroot at DIR, to move or modify freely.
copy_out() {
	mkdir -p "$1"
	cp -a "$UNI_OUT/bin" "$UNI_OUT/libexec" "$UNI_OUT/sysroot" "$1/"
}

# A small program using stdio and threads, for platform linux (runs on this host directly).
write_hello() { # FILE
	cat >"$1" <<'C'
#include <pthread.h>
#include <stdio.h>
static void *run(void *arg) { printf("thread says %s\n", (const char *)arg); return 0; }
int main(void)
{
	pthread_t t;
	if (pthread_create(&t, 0, run, "hi") != 0 || pthread_join(t, 0) != 0)
		return 1;
	printf("pi=%.2f\n", 3.14159);
	return 0;
}
C
}
