#!/bin/bash
# bench/fsscale.sh: the filesystem and descriptor table at scale (bench/fsscale.c): N files
# (FSSCALE_N, default 100000) created, stat'ed, opened at once, listed, closed and unlinked in
# one directory, in an image as a process and under TCG, against the same program natively on
# the host's /tmp (a disk filesystem, so only a reference). Prints a Markdown table of ms per
# phase; no assertions. The native run's open-all needs RLIMIT_NOFILE >= N (it reports how far
# it got otherwise).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PATH=${UNI_OUT:-$ROOT/out}/bin:$PATH
N=${FSSCALE_N:-100000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-fsscale.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cc -O2 -o "$WORK/native" "$HERE/fsscale.c"
uni-cc -O2 -o "$WORK/img" "$HERE/fsscale.c"
"$WORK/native" "$WORK/d" "$N" >"$WORK/native.out" 2>/dev/null
uni-run --accel process -m 2048 "$WORK/img" /tmp/d "$N" >"$WORK/process.out"
uni-run --accel tcg -m 2048 --timeout 600 "$WORK/img" /tmp/d "$N" >"$WORK/tcg.out"
echo "| $N files: phase | native (host /tmp), ms | image as a process, ms | image under TCG, ms |"
echo "|---|---|---|---|"
paste "$WORK/native.out" "$WORK/process.out" "$WORK/tcg.out" |
	awk '{ printf "| %s | %.0f (%s done) | %.0f | %.0f |\n", $1, $2, $3, $5, $8 }'
echo
echo "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)."
