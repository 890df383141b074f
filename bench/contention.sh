#!/bin/bash
# bench/contention.sh: what a clock_gettime costs each of 1 and 2 threads calling it at once
# (bench/clockcontend.c), in an image on 2 CPUs as a process and under QEMU (TCG), against the
# same program as a native process. Calls that read only the clock or the caller's own state
# skip the runtime's big lock; this shows whether threads still queue behind each other.
# Prints a Markdown table; no assertions. CONTEND_N calls per thread (default 1000000; TCG
# runs a fifth of them).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PATH=${UNI_OUT:-$ROOT/out}/bin:$PATH
N=${CONTEND_N:-1000000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-contend.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cc -O2 -pthread -o "$WORK/native" "$HERE/clockcontend.c"
uni-cc -O2 -pthread -o "$WORK/img" "$HERE/clockcontend.c"
ns() { sed -n 's/.*ns_per_call=\([0-9.]*\).*/\1/p'; }
echo "| threads | native, ns/call | image as a process (2 CPUs), ns/call | image under TCG (2 CPUs), ns/call |"
echo "|---|---|---|---|"
for t in 1 2; do
	nat=$("$WORK/native" "$t" "$N" | ns)
	pro=$(uni-run --accel process --cpus 2 "$WORK/img" "$t" "$N" | ns)
	tcg=$(uni-run --accel tcg --cpus 2 "$WORK/img" "$t" $((N / 5)) | ns)
	awk -v t="$t" -v a="$nat" -v b="$pro" -v c="$tcg" \
		'BEGIN { printf "| %s | %.0f | %.0f (%.1f×) | %.0f (%.1f×) |\n", t, a, b, b / a, c, c / a }'
done
echo
echo "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)."
