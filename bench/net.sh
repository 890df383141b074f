#!/bin/bash
# bench/net.sh: network figures of examples/httpd and bench/netsink.c in an image, over QEMU
# user networking (uni-run -p) and over a tap device (uni-run --net tap:IF in a network
# namespace the script creates and deletes; needs root), against the same programs as native
# processes on the host's loopback, in one run: requests/s and p99 latency (wrk, keep-alive),
# connection setup rate (wrk with Connection: close), bulk TCP throughput host->guest and
# guest->host. Prints a Markdown table with ratios and writes it to
# bench/results/<date>-<host>-net-tap.md (-net.md when tap could not be measured;
# $UNI_BENCH_RESULTS/ instead when set). NET_BENCH_SECONDS (default 10) per wrk row,
# NET_BENCH_BYTES (default 200000000) per bulk row. No assertions. Needs wrk and curl.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${UNI_OUT:-$ROOT/out}
PATH=$OUT/bin:$PATH
DUR=${NET_BENCH_SECONDS:-10}
BULK=${NET_BENCH_BYTES:-200000000}
command -v wrk >/dev/null || { echo "bench/net.sh: wrk is not installed (./build.sh installs it)" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-netbench.XXXXXX")
NS=uni-netbench-$$ TAP=ubench$$ HOST_IP=10.78.0.1 GUEST_IP=10.78.0.2
# set +e: under -e a failing kill (no jobs left) would end the trap before the clean-up.
trap 'set +e; kill $(jobs -p) 2>/dev/null; wait; ip netns del "$NS" 2>/dev/null; rm -rf "$WORK"' EXIT
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
# Boots an image as MODE (user: a forwarded port on 127.0.0.1; tap: GUEST_IP:80 on the tap in
# NS); sets ADDR (host:port to reach it), IN (the command prefix of the client side) and PID.
boot() { # MODE OUT ARGS...
	local mode=$1 out=$2
	shift 2
	if [ "$mode" = tap ]; then
		IN="ip netns exec $NS" ADDR=$GUEST_IP:80
		$IN uni-run -m 256 --net "tap:$TAP" --ip "$GUEST_IP/24" --gw "$HOST_IP" "$@" >"$out" 2>"$out.err" &
	else
		PORT=$(free_port) IN= ADDR=127.0.0.1:$PORT
		uni-run -m 256 -p "$PORT:80" "$@" >"$out" 2>"$out.err" &
	fi
	PID=$!
	wait_serving "$out"
}
# wrk_stats URL [HEADER]: "requests/s p99_ms"; wrk runs with the prefix $IN (the namespace).
wrk_stats() {
	local r
	if [ $# -gt 1 ]; then r=$(${IN:-} wrk -t 2 -c 100 -d "${DUR}s" --timeout 10s --latency -H "$2" "$1"); else r=$(${IN:-} wrk -t 2 -c 100 -d "${DUR}s" --timeout 10s --latency "$1"); fi
	echo "$r" >>wrk.log
	echo "$(echo "$r" | awk '/Requests\/sec/ { print $2 }') $(echo "$r" | awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; print v }')"
}
sink_rate() { # FILE: MB/s
	sed -n 's/.*: \([0-9.]*\) MB\/s/\1/p' "$1"
}

# tap_setup: the namespace and its tap; prints why not when it cannot.
tap_setup() {
	[ "$(id -u)" = 0 ] || { echo "needs root"; return 1; }
	[ -c /dev/net/tun ] || { echo "needs /dev/net/tun"; return 1; }
	ip netns add "$NS" && ip netns exec "$NS" ip link set lo up &&
		ip netns exec "$NS" ip tuntap add dev "$TAP" mode tap &&
		ip netns exec "$NS" ip addr add "$HOST_IP/24" dev "$TAP" &&
		ip netns exec "$NS" ip link set "$TAP" up >&2 || { echo "ip netns/tuntap failed"; return 1; }
}
# measure MODE: the httpd rows and the bulk rows of the image over MODE, as variables MODE_*.
measure() {
	local m=$1 a
	echo "== httpd in the image ($m networking)" >&2
	boot "$m" "httpd-$m.out" img/httpd -p 80 -r /
	${IN:-} wrk -t 2 -c 100 -d 3s --timeout 10s "http://$ADDR/www/4k.bin" >/dev/null   # warm-up
	read -r "${m}_rps" "${m}_p99" <<<"$(wrk_stats "http://$ADDR/www/4k.bin")"
	read -r "${m}_cps" "${m}_cp99" <<<"$(wrk_stats "http://$ADDR/www/4k.bin" "Connection: close")"
	kill $PID; wait $PID 2>/dev/null || true
	echo "== bulk TCP in the image ($m networking)" >&2
	boot "$m" "in-$m.out" sink.img 80
	${IN:-} bash -c "head -c $BULK /dev/zero >/dev/tcp/${ADDR%:*}/${ADDR#*:}"
	wait $PID || true
	printf -v "${m}_in" %s "$(sink_rate "in-$m.out")"
	boot "$m" "out-$m.out" sink.img 80 -s "$BULK"
	${IN:-} bash -c "cat </dev/tcp/${ADDR%:*}/${ADDR#*:} >/dev/null"
	wait $PID || true
	printf -v "${m}_out" %s "$(sink_rate "out-$m.out")"
}

measure user
IN=
if tap_why=$(tap_setup); then
	measure tap
	tap_note="Tap: uni-run --net tap:$TAP --ip $GUEST_IP/24 in network namespace $NS (created by the script), the clients (wrk, bash) in that namespace."
else
	tap_note="Tap was not measured: $tap_why."
	for v in rps p99 cps in out; do printf -v "tap_$v" %s "not measured: $tap_why"; done
fi
IN=

echo "== httpd native on loopback" >&2
NPORT=$(free_port)
nat/httpd -p "$NPORT" -r "$PWD/root" >nat.out 2>&1 &
NPID=$!
wait_serving nat.out
read -r nat_rps nat_p99 <<<"$(wrk_stats "http://127.0.0.1:$NPORT/www/4k.bin")"
read -r nat_cps nat_cp99 <<<"$(wrk_stats "http://127.0.0.1:$NPORT/www/4k.bin" "Connection: close")"
kill $NPID

echo "== bulk TCP native on loopback" >&2
NPORT=$(free_port); ./sink.native "$NPORT" >nin.out & NPID=$!; wait_serving nin.out
head -c "$BULK" /dev/zero >/dev/tcp/127.0.0.1/$NPORT; wait $NPID
nat_in=$(sink_rate nin.out)
NPORT=$(free_port); ./sink.native "$NPORT" -s "$BULK" >nout.out & NPID=$!; wait_serving nout.out
cat </dev/tcp/127.0.0.1/$NPORT >/dev/null; wait $NPID
nat_out=$(sink_rate nout.out)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b > 0) printf "%.2f×", a / b; else print "n/a" }'; }
accel=$(uni-run --help 2>&1 | grep -q kvm && [ -w /dev/kvm ] && echo KVM || echo TCG)
host=$(hostname -s 2>/dev/null || echo host)
dest=${UNI_BENCH_RESULTS:-$ROOT/bench/results}
mkdir -p "$dest"
case $tap_rps in not*) suffix=net ;; *) suffix=net-tap ;; esac
report=$dest/$(date +%Y-%m-%d)-$host-$suffix.md
row() { # WORKLOAD MEASURE VAR
	local u t n
	u=user_$3 t=tap_$3 n=nat_$3
	echo "| $1 | $2 | ${!u} | ${!t} | ${!n} | $(ratio "${!u}" "${!n}") | $(ratio "${!t}" "${!n}") |"
}
{
	echo "# Network benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $host, $(nproc) cores, accelerator: $accel"
	echo
	echo "examples/httpd serving a 4 KiB file, wrk -t 2 -c 100 -d ${DUR}s; bulk: $BULK bytes through one connection"
	echo "(bench/netsink.c). User net: QEMU user networking through uni-run -p. $tap_note"
	echo "Native: the same programs on the host's loopback, measured in the same run."
	echo
	echo "| workload | measure | uni image (user net) | uni image (tap) | native process | user/native | tap/native |"
	echo "|---|---|---|---|---|---|---|"
	row "httpd keep-alive" "requests/s" rps
	row "httpd keep-alive" "p99 latency, ms" p99
	row "httpd Connection: close" "connections/s" cps
	row "bulk host→guest" "MB/s" in
	row "bulk guest→host" "MB/s" out
} | tee "$report"
echo "written: $report" >&2
