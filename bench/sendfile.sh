#!/bin/bash
# bench/sendfile.sh: sendfile vs read + write (64 KiB buffer) for a 10 MB file, in an image and
# in a native process. First inside one program (bench/sendfilecopy.c: to /dev/null, the copy
# alone, and over a loopback TCP connection; median of 9), then over HTTP from
# tests/net/sendfile-server.c: the image over QEMU user networking (uni-run -p), the native
# process on the host's loopback, each row the median of SENDFILE_BENCH_RUNS (default 7) curl
# fetches checked by sha256. Prints Markdown tables; no assertions. UNI_ACCEL picks the image's
# accelerator as for uni-run.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PATH=${UNI_OUT:-$ROOT/out}/bin:$PATH
RUNS=${SENDFILE_BENCH_RUNS:-7}
command -v curl >/dev/null || { echo "bench/sendfile.sh: curl is not installed" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-sendfile.XXXXXX")
trap 'set +e; kill $(jobs -p) 2>/dev/null; wait; rm -rf "$WORK"' EXIT
cd "$WORK"
mkdir -p root/www
head -c 10000000 /dev/urandom >root/www/big.bin
want=$(sha256sum <root/www/big.bin | cut -d' ' -f1)
UNI_ROOTFS=$PWD/root uni-cc -O2 -o server.img "$ROOT/tests/net/sendfile-server.c"
cc -O2 -o server.native "$ROOT/tests/net/sendfile-server.c"
uni-cc -O2 -pthread -o copy.img "$HERE/sendfilecopy.c"
cc -O2 -pthread -o copy.native "$HERE/sendfilecopy.c"

echo "| 10 MB file to | sent with | image (${UNI_ACCEL:-auto}), ms | native process, ms |"
echo "|---|---|---|---|"
uni-run -m 256 copy.img >copy.img.out
./copy.native >copy.native.out
join <(awk '{ print $1 "/" $2, $3 }' copy.img.out | sort) <(awk '{ print $1 "/" $2, $3 }' copy.native.out | sort) |
	awk '{ split($1, k, "/"); printf "| %s | %s | %s | %s |\n", k[1], k[2], $2, $3 }'
echo

wait_serving() { # FILE
	for _ in $(seq 300); do grep -q serving "$1" 2>/dev/null && return 0; sleep 0.1; done
	echo "bench/sendfile.sh: the server did not start ($1)" >&2; exit 1
}
# median_ms URL: the median time of RUNS fetches, in ms
median_ms() {
	for _ in $(seq "$RUNS"); do
		t0=$(date +%s%N)
		got=$(curl -s --max-time 120 "$1" | sha256sum | cut -d' ' -f1)
		t1=$(date +%s%N)
		[ "$got" = "$want" ] || { echo "bench/sendfile.sh: $1: wrong bytes" >&2; exit 1; }
		echo $(( (t1 - t0) / 1000 ))
	done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }'
}
row() { # WHERE MODE URL
	local ms
	ms=$(median_ms "$3")
	printf '| %s | %s | %s | %s |\n' "$1" "$2" "$ms" "$(awk -v ms="$ms" 'BEGIN { printf "%.0f", 10 / (ms / 1000) }')"
}
echo "| server | body sent with | 10 MB fetch, median ms | MB/s |"
echo "|---|---|---|---|"
for mode in sendfile rw; do
	port=$((20000 + RANDOM % 30000))
	uni-run -m 256 -p "$port:80" server.img 80 "$mode" >img.out 2>img.err &
	pid=$!
	wait_serving img.out
	row "image, uni-run -p (${UNI_ACCEL:-auto})" "$mode" "http://127.0.0.1:$port/www/big.bin"
	kill $pid; wait $pid 2>/dev/null || true
done
for mode in sendfile rw; do
	port=$((20000 + RANDOM % 30000))
	(cd root && exec ../server.native "$port" "$mode") >nat.out 2>nat.err &
	pid=$!
	wait_serving nat.out
	row "native process, loopback" "$mode" "http://127.0.0.1:$port/www/big.bin"
	kill $pid; wait $pid 2>/dev/null || true
done
