#!/bin/bash
# bench/net.sh: network figures of examples/httpd and bench/netsink.c in an image (QEMU user
# networking, uni-run -p) against the same programs as native processes on the host's
# loopback, in one run: requests/s and p99 latency (wrk, keep-alive), connection setup rate
# (wrk with Connection: close), bulk TCP throughput host->guest and guest->host. Prints a
# Markdown table with ratios and writes it to bench/results/<date>-<host>-net.md
# ($UNI_BENCH_RESULTS/ instead when set). No assertions. Needs wrk and curl.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${UNI_OUT:-$ROOT/out}
PATH=$OUT/bin:$PATH
DUR=${NET_BENCH_SECONDS:-10}
BULK=${NET_BENCH_BYTES:-200000000}
command -v wrk >/dev/null || { echo "bench/net.sh: wrk is not installed (./build.sh installs it)" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-netbench.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$WORK"
mkdir -p root/www
head -c 4096 /dev/urandom >root/www/4k.bin
cp -R "$ROOT/examples/httpd" img && make -s -C img clean && UNI_ROOTFS=$PWD/root make -s -C img CC=uni-cc
cp -R "$ROOT/examples/httpd" nat && make -s -C nat clean && make -s -C nat
uni-cc -O2 -o sink.img "$HERE/netsink.c"
cc -O2 -o sink.native "$HERE/netsink.c"

free_port() { echo $((20000 + RANDOM % 30000)); }
wait_serving() { # FILE
	for _ in $(seq 300); do grep -q serving "$1" 2>/dev/null && return 0; sleep 0.1; done
	echo "bench/net.sh: the server did not start ($1)" >&2; exit 1
}
# Boots an image with a forwarded port; sets PORT and PID.
boot() { # OUT ARGS...
	local out=$1
	shift
	PORT=$(free_port)
	uni-run -m 256 -p "$PORT:80" "$@" >"$out" 2>"$out.err" &
	PID=$!
	wait_serving "$out"
}
# wrk_stats URL [HEADER]: "requests/s p99_ms"
wrk_stats() {
	local r
	if [ $# -gt 1 ]; then r=$(wrk -t 2 -c 100 -d "${DUR}s" --timeout 10s --latency -H "$2" "$1"); else r=$(wrk -t 2 -c 100 -d "${DUR}s" --timeout 10s --latency "$1"); fi
	echo "$r" >>wrk.log
	echo "$(echo "$r" | awk '/Requests\/sec/ { print $2 }') $(echo "$r" | awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; print v }')"
}
sink_rate() { # FILE: MB/s
	sed -n 's/.*: \([0-9.]*\) MB\/s/\1/p' "$1"
}

echo "== httpd in the image (user networking)" >&2
boot httpd.out img/httpd -p 80 -r /
wrk -t 2 -c 100 -d 3s --timeout 10s "http://127.0.0.1:$PORT/www/4k.bin" >/dev/null   # warm-up
read -r img_rps img_p99 <<<"$(wrk_stats "http://127.0.0.1:$PORT/www/4k.bin")"
read -r img_cps img_cp99 <<<"$(wrk_stats "http://127.0.0.1:$PORT/www/4k.bin" "Connection: close")"
kill $PID; wait $PID 2>/dev/null || true

echo "== httpd native on loopback" >&2
NPORT=$(free_port)
nat/httpd -p "$NPORT" -r "$PWD/root" >nat.out 2>&1 &
NPID=$!
wait_serving nat.out
read -r nat_rps nat_p99 <<<"$(wrk_stats "http://127.0.0.1:$NPORT/www/4k.bin")"
read -r nat_cps nat_cp99 <<<"$(wrk_stats "http://127.0.0.1:$NPORT/www/4k.bin" "Connection: close")"
kill $NPID

echo "== bulk TCP" >&2
boot in.out sink.img 80
head -c "$BULK" /dev/zero >/dev/tcp/127.0.0.1/$PORT
wait $PID || true
img_in=$(sink_rate in.out)
boot outb.out sink.img 80 -s "$BULK"
cat </dev/tcp/127.0.0.1/$PORT >/dev/null
wait $PID || true
img_out=$(sink_rate outb.out)
NPORT=$(free_port); ./sink.native "$NPORT" >nin.out & NPID=$!; wait_serving nin.out
head -c "$BULK" /dev/zero >/dev/tcp/127.0.0.1/$NPORT; wait $NPID
nat_in=$(sink_rate nin.out)
NPORT=$(free_port); ./sink.native "$NPORT" -s "$BULK" >nout.out & NPID=$!; wait_serving nout.out
cat </dev/tcp/127.0.0.1/$NPORT >/dev/null; wait $NPID
nat_out=$(sink_rate nout.out)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "n/a" }'; }
accel=$(uni-run --help 2>&1 | grep -q kvm && [ -w /dev/kvm ] && echo KVM || echo TCG)
host=$(hostname -s 2>/dev/null || echo host)
dest=${UNI_BENCH_RESULTS:-$ROOT/bench/results}
mkdir -p "$dest"
report=$dest/$(date +%Y-%m-%d)-$host-net.md
{
	echo "# Network benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $host, $(nproc) cores, accelerator: $accel"
	echo
	echo "examples/httpd serving a 4 KiB file, wrk -t 2 -c 100 -d ${DUR}s; bulk: $BULK bytes through one connection"
	echo "(bench/netsink.c). Image: QEMU user networking through uni-run -p. Native: the same programs"
	echo "on the host's loopback. Tap was not measured (no tap device or network namespace set up here)."
	echo
	echo "| workload | measure | uni image (user net) | native process | image/native |"
	echo "|---|---|---|---|---|"
	echo "| httpd keep-alive | requests/s | $img_rps | $nat_rps | $(ratio "$img_rps" "$nat_rps") |"
	echo "| httpd keep-alive | p99 latency, ms | $img_p99 | $nat_p99 | $(ratio "$img_p99" "$nat_p99") |"
	echo "| httpd Connection: close | connections/s | $img_cps | $nat_cps | $(ratio "$img_cps" "$nat_cps") |"
	echo "| bulk host→guest | MB/s | $img_in | $nat_in | $(ratio "$img_in" "$nat_in") |"
	echo "| bulk guest→host | MB/s | $img_out | $nat_out | $(ratio "$img_out" "$nat_out") |"
} | tee "$report"
echo "written: $report" >&2
