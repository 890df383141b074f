#!/bin/bash
# bench/futex.sh: what futex calls cost 1 and 2 threads that each use a word of their own
# (bench/futexbench.c: an uncontended pthread mutex, FUTEX_WAKE with no waiter, FUTEX_WAIT
# answered EAGAIN), and two threads handing one word back and forth (pingpong; also two such
# pairs at once, each on its own word: every call then blocks or wakes), in an image
# on 2 CPUs as a process and under QEMU (TCG), against the same program as a native process.
# Whether threads on different words queue behind each other in the runtime shows as the
# 2-thread figure against the 1-thread one. Prints a Markdown table; no assertions.
# FUTEX_N operations per thread (default 1000000; pingpong runs a twentieth, TCG a fifth);
# each figure is the median of FUTEX_RUNS runs (default 3): a loaded host varies them widely.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PATH=${UNI_OUT:-$ROOT/out}/bin:$PATH
N=${FUTEX_N:-1000000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-futex.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cc -O2 -pthread -o "$WORK/native" "$HERE/futexbench.c"
uni-cc -O2 -pthread -o "$WORK/img" "$HERE/futexbench.c"
ns() { sed -n 's/.*ns_per_op=\([0-9.]*\).*/\1/p'; }
median() {   # median COMMAND...: the median ns_per_op of FUTEX_RUNS runs (default 3)
	for _ in $(seq "${FUTEX_RUNS:-3}"); do "$@" | ns; done | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
row() {   # row LABEL N ARGS...: one line of the table
	label=$1 n=$2
	shift 2
	nat=$(median "$WORK/native" "$@" "$n")
	pro=
	[ -z "$no_process" ] && pro=$(median uni-run --accel process --cpus 2 "$WORK/img" "$@" "$n")
	tcg=$(median uni-run --accel tcg --cpus 2 "$WORK/img" "$@" $((n / 5)))
	awk -v l="$label" -v a="$nat" -v b="$pro" -v c="$tcg" 'BEGIN {
		printf "| %s | %.0f | %s | %.0f (%.1f×) |\n", l, a,
			b == "" ? "n/a" : sprintf("%.0f (%.1f×)", b, b / a), c, c / a }'
}
# The process platform needs FSGSBASE from the host; without it that column says n/a.
no_process=
uni-run --accel process "$WORK/img" wake 1 1 >/dev/null 2>"$WORK/process.err" || no_process=$(tail -1 "$WORK/process.err")
echo "| operation, threads | native, ns/op | image as a process (2 CPUs), ns/op | image under TCG (2 CPUs), ns/op |"
echo "|---|---|---|---|"
for m in mutex wake eagain; do
	for t in 1 2; do
		row "$m, $t" "$N" "$m" "$t"
	done
done
row "pingpong (per hand-over), 2" $((N / 20)) pingpong
row "pingpong, 2 pairs on words of their own (per hand-over of a pair), 4" $((N / 20)) pingpong 2
echo
[ -z "$no_process" ] || echo "Not as a process: $no_process"
echo "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)."
