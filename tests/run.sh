#!/bin/sh
# tests/run.sh: runs every executable tests/**/*.test (sorted), or those whose path contains one
# of the PATTERN arguments, each with a timeout, and prints one line per test and a summary.
#
# A test is any executable. It runs in a fresh empty folder TEST_TMP (its cwd, removed after a
# pass) with stdin from /dev/null and UNI_OUT (absolute out/), UNI_SRC (repo root), TEST_TMP and
# PATH=$UNI_OUT/bin:$PATH. Exit 0 = pass, 77 = skipped (its last output line says why), anything
# else = fail. A line "# timeout: N" in the file sets its timeout in seconds (default 120). A
# line "# slow: WHY" marks a soak: it is skipped unless UNI_TEST_SLOW=1 (./build.sh test --slow);
# soaks run after the other tests, and with UNI_TEST_DEADLINE (epoch seconds: CI's time limit)
# a soak whose timeout would run past it is skipped, so that a slow machine runs every other test
# and as many soaks as fit.
# A line "# needs: NAME..." names the sysroot packages (packages/NAME/recipe) the test uses: a test
# whose package is not installed in UNI_OUT's sysroot fails naming it without running (skips, when
# the package is optional=yes: onnxruntime). `tests/run.sh --needs PATTERN...` runs nothing and
# prints the packages the selected tests need, one a line (soaks' only with UNI_TEST_SLOW=1):
# ./build.sh test builds those first. `tests/run.sh --list PATTERN...` prints the selected tests'
# names (tests/AREA/NAME.test) instead: ./build.sh test makes the release first when one is in
# tests/dist/.
#
# Environment: TESTS_DIR (default tests/), UNI_OUT (default out/), UNI_TEST_LOGS (default
# $UNI_OUT/test-logs), UNI_TEST_TIMEOUT (default 120), UNI_TEST_SLOW (default 0),
# UNI_PROGRESS_SECONDS (a running test's progress lines, default every 30).
set -eu

UNI_SRC=$(cd "$(dirname "$0")/.." && pwd)
UNI_OUT=${UNI_OUT:-$UNI_SRC/out}
UNI_OUT=$(mkdir -p "$UNI_OUT" && cd "$UNI_OUT" && pwd)
TESTS_DIR=$(cd "${TESTS_DIR:-$UNI_SRC/tests}" && pwd)
LOGS=${UNI_TEST_LOGS:-$UNI_OUT/test-logs}
DEFAULT_TIMEOUT=${UNI_TEST_TIMEOUT:-120}
export UNI_SRC UNI_OUT

# Tests are named by their path from the parent of TESTS_DIR: tests/AREA/NAME.test.
BASE=$(dirname "$TESTS_DIR")

selected() { # NAME PATTERN...: true when no patterns are given or NAME contains one
	name=$1
	shift
	[ $# -eq 0 ] && return 0
	for pat in "$@"; do
		case $name in *"$pat"*) return 0 ;; esac
	done
	return 1
}

test_timeout() { # FILE: its "# timeout: N" or the default
	t=$(sed -n 's/^#[[:space:]]*timeout:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$1" | head -n 1)
	echo "${t:-$DEFAULT_TIMEOUT}"
}

test_slow() { # FILE: its "# slow: WHY", empty when it is not slow
	sed -n 's/^#[[:space:]]*slow:[[:space:]]*//p' "$1" | head -n 1
}

test_needs() { # FILE: the packages its "# needs: NAME..." line names
	sed -n 's/^#[[:space:]]*needs:[[:space:]]*//p' "$1" | head -n 1
}

missing_need() { # FILE: the first package it needs that is not installed in UNI_OUT's sysroot
	for n in $(test_needs "$1"); do
		[ -f "$UNI_OUT/sysroot/usr/share/uni-pkg/installed/$n.manifest" ] || { echo "$n"; return; }
	done
}

elapsed() { # START_NS
	awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1fs", (b - a) / 1e9 }'
}

# ticker NAME LOG: while a test runs, every UNI_PROGRESS_SECONDS (default 30) a line with its time
# so far and its log's newest line, so a soak is visibly alive; it ends within a second of the
# runner, which kills it after each test.
ticker() {
	start=$(date +%s)
	next=$((start + ${UNI_PROGRESS_SECONDS:-30}))
	while kill -0 $$ 2>/dev/null; do
		sleep 1 </dev/null >/dev/null 2>&1
		now=$(date +%s)
		[ "$now" -ge "$next" ] || continue
		next=$((now + ${UNI_PROGRESS_SECONDS:-30}))
		last=$(tail -n 1 "$2" 2>/dev/null | tr -d '\r' | cut -c1-100)
		echo "     ... $1: $((now - start))s${last:+, log: $last}"
	done
}

list=$(find "$TESTS_DIR" -name '*.test' -type f -perm -u+x | LC_ALL=C sort)

case ${1:-} in
--needs)
	shift
	echo "$list" | while IFS= read -r t; do
		[ -n "$t" ] && selected "${t#"$BASE"/}" "$@" || continue
		[ -z "$(test_slow "$t")" ] || [ "${UNI_TEST_SLOW:-0}" = 1 ] || continue
		test_needs "$t"
	done | tr -s '[:blank:]' '\n' | grep -v '^$' | LC_ALL=C sort -u
	exit 0 ;;
--list)
	shift
	echo "$list" | while IFS= read -r t; do
		[ -n "$t" ] && selected "${t#"$BASE"/}" "$@" || continue
		echo "${t#"$BASE"/}"
	done
	exit 0 ;;
esac

passed=0 failed=0 skipped=0
mkdir -p "$LOGS"

if [ "${UNI_TEST_SLOW:-0}" = 1 ]; then   # soaks last
	list=$(echo "$list" | while IFS= read -r t; do [ -z "$t" ] || [ -n "$(test_slow "$t")" ] || echo "$t"; done
		echo "$list" | while IFS= read -r t; do [ -z "$t" ] || [ -z "$(test_slow "$t")" ] || echo "$t"; done)
fi

while IFS= read -r t; do
	[ -n "$t" ] || continue
	name=${t#"$BASE"/}
	selected "$name" "$@" || continue
	slow=$(test_slow "$t")
	if [ -n "$slow" ] && [ "${UNI_TEST_SLOW:-0}" != 1 ]; then
		echo "SKIP $name: slow ($slow); ./build.sh test --slow runs it"
		skipped=$((skipped + 1))
		continue
	fi
	miss=$(missing_need "$t")
	if [ -n "$miss" ] && grep -q '^optional=yes' "$UNI_SRC/packages/$miss/recipe" 2>/dev/null; then
		echo "SKIP $name: needs the optional package $miss, not in $UNI_OUT/sysroot; ./build.sh test $name builds it"
		skipped=$((skipped + 1))
		continue
	elif [ -n "$miss" ]; then
		echo "FAIL $name: needs the package $miss, not in $UNI_OUT/sysroot (fix: ./build.sh test $name builds it; its log: $UNI_OUT/logs/pkg-$miss.log)"
		failed=$((failed + 1))
		continue
	fi
	log=$LOGS/$(echo "$name" | tr / _).log
	limit=$(test_timeout "$t")
	if [ -n "$slow" ] && [ -n "${UNI_TEST_DEADLINE:-}" ] && [ $(($(date +%s) + limit)) -gt "$UNI_TEST_DEADLINE" ]; then
		echo "SKIP $name: slow ($slow); its timeout of ${limit}s would pass the run's deadline, $((UNI_TEST_DEADLINE - $(date +%s)))s away (UNI_TEST_DEADLINE)"
		skipped=$((skipped + 1))
		continue
	fi
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/uni-test.XXXXXX")
	t0=$(date +%s%N)
	: >"$log"
	ticker "$name" "$log" &
	tick=$!
	set +e
	(cd "$tmp" && TEST_TMP=$tmp PATH=$UNI_OUT/bin:$PATH exec timeout -k 5 "$limit" "$t") </dev/null >"$log" 2>&1
	rc=$?
	set -e
	kill "$tick" 2>/dev/null || true
	wait "$tick" 2>/dev/null || true
	took=$(elapsed "$t0")
	case $rc in
	0)
		echo "PASS $name ($took)"
		passed=$((passed + 1))
		rm -rf "$tmp"
		;;
	77)
		echo "SKIP $name ($took): $(grep -v '^[[:space:]]*$' "$log" | tail -n 1)"
		skipped=$((skipped + 1))
		rm -rf "$tmp"
		;;
	*)
		if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then why="timed out after ${limit}s"; else why="exit status $rc"; fi
		echo "FAIL $name ($took, $why)"
		tail -n 40 "$log" | sed 's/^/    /'
		echo "    log: $log; its TEST_TMP is kept: $tmp"
		failed=$((failed + 1))
		;;
	esac
done <<EOF
$list
EOF

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
