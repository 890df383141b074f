#!/bin/bash
# bench/stdio.sh: bulk stdio rates of an image (tests/run/bulkcat.c) under TCG (microvm and q35:
# the virtio console) and on the process platform, against the same program built natively and
# against cat: STDIO_BENCH_MB (default 200) MB into the program (it discards them), out of it
# (into cat >/dev/null), and through it (copied, both ways at once). Each cell is the median of
# STDIO_BENCH_RUNS (default 3) runs in MB/s, the boot included; a last column gives the time of
# an empty run (source 0), which the rates include. Prints a Markdown table; no assertions.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PATH=${UNI_OUT:-$ROOT/out}/bin:$PATH
MB=${STDIO_BENCH_MB:-200}
RUNS=${STDIO_BENCH_RUNS:-3}
BYTES=$((MB * 1000000))
WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-stdio.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
uni-cc -O2 -o "$WORK/bulkcat.img" "$ROOT/tests/run/bulkcat.c"
cc -O2 -o "$WORK/bulkcat.native" "$ROOT/tests/run/bulkcat.c"

# median_ms CMD...: the median wall time of RUNS runs of the shell command CMD, in ms
median_ms() {
	for _ in $(seq "$RUNS"); do
		t0=$(date +%s%N)
		bash -c "$1" || { echo "bench/stdio.sh: failed: $1" >&2; exit 1; }
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000000))
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
rate() { awk -v ms="$1" -v mb="$MB" 'BEGIN { printf "%.0f", mb / (ms / 1000) }'; }
row() { # NAME RUNNER: RUNNER is the command line that runs bulkcat with its arguments after it
	local in out through empty
	in=$(median_ms "head -c $BYTES /dev/zero | $2 sink")
	out=$(median_ms "$2 source $BYTES | cat >/dev/null")
	through=$(median_ms "head -c $BYTES /dev/zero | $2 | cat >/dev/null")
	empty=$(median_ms "$2 source 0")
	printf '| %s | %s | %s | %s | %s |\n' "$1" "$(rate "$in")" "$(rate "$out")" "$(rate "$through")" "$empty"
}
echo "| $MB MB of stdio | in, MB/s | out, MB/s | through (both at once), MB/s | empty run, ms |"
echo "|---|---|---|---|---|"
row "image, uni-run --accel tcg (microvm, virtio-mmio)" "uni-run --accel tcg $WORK/bulkcat.img"
row "image, uni-run --accel tcg --machine q35 (virtio-pci)" "uni-run --accel tcg --machine q35 $WORK/bulkcat.img"
row "image, uni-run --accel process" "uni-run --accel process $WORK/bulkcat.img"
row "native bulkcat" "$WORK/bulkcat.native"
printf '| native cat | - | - | %s | - |\n' "$(rate "$(median_ms "head -c $BYTES /dev/zero | cat | cat >/dev/null")")"
