#!/bin/bash
# bench/volume.sh: what a persistent volume costs a database-style writer: tests/fs/volwrite.c's
# journal (VOLUME_BENCH_RECORDS records of 27 bytes, each written and fsync'ed before the next)
# into a fresh host directory, natively, on the process platform (uni-run's 9P server) and under
# TCG (QEMU's virtio-9p), plus an empty run of each (the program's start, 0 records), which the
# totals include. Each cell is the median of VOLUME_BENCH_RUNS runs. Prints a Markdown table
# with each platform's time per record and its ratio to native; no assertions.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PATH=${UNI_OUT:-$ROOT/out}/bin:$PATH
N=${VOLUME_BENCH_RECORDS:-2000}
RUNS=${VOLUME_BENCH_RUNS:-5}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-volume.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
uni-cc -O2 -o "$WORK/volwrite.img" "$ROOT/tests/fs/volwrite.c"
cc -O2 -o "$WORK/volwrite.native" "$ROOT/tests/fs/volwrite.c"

# median_us RUNNER DIR COUNT: the median wall time in µs of RUNS journals of COUNT records,
# RUNNER given the directory as DIR's guest or host path.
median_us() {
	for _ in $(seq "$RUNS"); do
		rm -rf "$WORK/vol" && mkdir "$WORK/vol"
		t0=$(date +%s%N)
		$1 records "$2" "$3" >/dev/null || { echo "bench/volume.sh: failed: $1 records $2 $3" >&2; exit 1; }
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000))
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

declare -A per
row() { # NAME RUNNER DIR
	local total empty
	total=$(median_us "$2" "$3" "$N")
	empty=$(median_us "$2" "$3" 0)
	per[$1]=$(awk -v t="$total" -v e="$empty" -v n="$N" 'BEGIN { printf "%.1f", (t - e) / n }')
	printf '| %s | %.1f | %.1f | %s | %s |\n' "$1" "$(echo "$total / 1000" | bc -l)" \
		"$(echo "$empty / 1000" | bc -l)" "${per[$1]}" \
		"$(awk -v a="${per[$1]}" -v b="${per[native]:-${per[$1]}}" 'BEGIN { printf "%.2f×", a / b }')"
}
echo "| $N records, write + fsync each | total, ms | empty run, ms | µs per record | vs native |"
echo "|---|---|---|---|---|"
row native "$WORK/volwrite.native" "$WORK/vol"
row "image, uni-run --accel process" "uni-run --accel process -v $WORK/vol:/data $WORK/volwrite.img" /data
row "image, uni-run --accel tcg" "uni-run --accel tcg -v $WORK/vol:/data $WORK/volwrite.img" /data
