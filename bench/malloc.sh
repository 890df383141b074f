#!/bin/bash
# bench/malloc.sh: allocation-heavy workloads (bench/mallocbench.c) with each allocator an image
# can use, against the same program as a native glibc process: musl's mallocng (the default)
# and mimalloc (packages/mimalloc, linked with $(uni-pkg-config --libs mimalloc)), each as a
# static linux-platform executable and as an image run by uni-run (UNI_ACCEL, default process:
# native speed, so the allocator is what differs). Prints a Markdown table of best-of-3 times
# and ratios to glibc; checks that every build computed the same checksums. No assertions.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PATH=${UNI_OUT:-$ROOT/out}/bin:$PATH
ACCEL=${UNI_ACCEL:-process}
uni-pkg-config --exists mimalloc ||
	{ echo "bench/malloc.sh: mimalloc is not in the sysroot: run ./build.sh packages mimalloc" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-malloc.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
src=$HERE/mallocbench.c
mi=$(uni-pkg-config --cflags --libs mimalloc)
echo "bench/malloc.sh: building 5 variants" >&2
cc -O2 -pthread -o glibc "$src"
uni-cc --uni-platform=linux -O2 -pthread -o musl.linux "$src"
# shellcheck disable=SC2086
uni-cc --uni-platform=linux -O2 -pthread -o mimalloc.linux "$src" $mi
uni-cc -O2 -pthread -o musl.img "$src"
# shellcheck disable=SC2086
uni-cc -O2 -pthread -o mimalloc.img "$src" $mi

run() { # NAME COMMAND...: its "workload ms check" lines into NAME.out
	local name=$1
	shift
	echo "bench/malloc.sh: running $name" >&2
	"$@" >"$name.out"
}
run glibc ./glibc
run musl.linux ./musl.linux
run mimalloc.linux ./mimalloc.linux
# 1 GiB: mimalloc takes memory in 32 MiB segments, and an image's RAM is not overcommitted.
run musl.img uni-run --accel "$ACCEL" -m 1024 musl.img
run mimalloc.img uni-run --accel "$ACCEL" -m 1024 mimalloc.img
for f in musl.linux mimalloc.linux musl.img mimalloc.img; do
	cmp -s <(cut -d' ' -f1,3 glibc.out) <(cut -d' ' -f1,3 "$f.out") ||
		{ echo "bench/malloc.sh: $f computed other checksums than glibc" >&2; exit 1; }
done

echo "| workload | glibc native, ms | musl mallocng linux, ms | mimalloc linux, ms | image ($ACCEL) mallocng, ms | image ($ACCEL) mimalloc, ms |"
echo "|---|---|---|---|---|---|"
paste glibc.out musl.linux.out mimalloc.linux.out musl.img.out mimalloc.img.out |
	awk '{ g = $2; printf "| %s | %.0f | %.0f (%.2f×) | %.0f (%.2f×) | %.0f (%.2f×) | %.0f (%.2f×) |\n", $1, g,
		$5, $5 / g, $8, $8 / g, $11, $11 / g, $14, $14 / g }'
echo
echo "Best of 3 runs each; ratios to the glibc process. $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)."
