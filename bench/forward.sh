#!/bin/bash
# bench/forward.sh: examples/httpd's requests/s through uni-run -p with each forwarder: a VM
# under TCG on QEMU's slirp and on passt (--user-net), and the process platform (passt),
# against httpd as a native process on the host's loopback. wrk per row: 20 keep-alive
# clients, 100 keep-alive connections opened at once, 100 clients with a new connection per
# request. Prints a Markdown table (requests/s, ratio vs native, p99, wrk's socket errors and
# timeouts) and writes it to bench/results/<date>-forward.md ($UNI_BENCH_RESULTS/ instead when
# set). FWD_BENCH_SECONDS (default 10) per row. No assertions. Needs wrk and passt.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${UNI_OUT:-$ROOT/out}
PATH=$OUT/bin:$PATH
DUR=${FWD_BENCH_SECONDS:-10}
. "$HERE/server-lib.sh"
bench_workdir forward wrk passt
mkdir www && echo hello >www/index.html
uni-cc -O2 -o httpd.img "$ROOT/examples/httpd/httpd.c"
cc -O2 -o httpd.native "$ROOT/examples/httpd/httpd.c"

wait_serving() { # FILE
	for _ in $(seq 300); do grep -q serving "$1" 2>/dev/null && return 0; sleep 0.1; done
	echo "bench/forward.sh: the server did not start ($1)" >&2; exit 1
}
# start NAME: starts the server NAME (native, tcg-slirp, tcg-passt, process); sets PORT, PID.
start() {
	case $1 in
	native)
		PORT=$((20000 + RANDOM % 30000))
		./httpd.native -p "$PORT" -r www >"$1.out" 2>&1 &
		PID=$!
		wait_serving "$1.out"
		return ;;
	tcg-slirp) set -- "$1" --accel tcg --user-net slirp ;;
	tcg-passt) set -- "$1" --accel tcg --user-net passt ;;
	process) set -- "$1" --accel process ;;
	esac
	local name=$1
	shift
	uni-run "$@" -m 256 -p 80 -v "$WORK/www:/www" httpd.img -p 80 -r /www >"$name.out" 2>"$name.err" &
	PID=$!
	wait_serving "$name.out"
	PORT=$(sed -n 's/^uni-run: 127.0.0.1:\([0-9]*\) -> guest port 80\/tcp$/\1/p' "$name.err")
}
# measure ARGS...: one wrk run; prints "requests/s p99 errors".
measure() {
	wrk -t2 -d"${DUR}s" --timeout 5s --latency "$@" "http://127.0.0.1:$PORT/index.html" >wrk.out 2>&1 || true
	local rps p99 err
	rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' wrk.out)
	p99=$(awk '$1 == "99%" { print $2 }' wrk.out)
	err=$(sed -n 's/^ *Socket errors: //p' wrk.out)
	echo "${rps:-0}|${p99:--}|${err:-none}"
}

rows=("20 keep-alive clients" "100 keep-alive connections at once" "100 clients, a connection per request")
row_args() { # ROW-INDEX: wrk's arguments for the row
	case $1 in
	0) echo -c20 ;;
	1) echo -c100 ;;
	2) echo -c100 -H "'Connection: close'" ;;
	esac
}
declare -A res
for server in native tcg-slirp tcg-passt process; do
	start "$server"
	curl -s -o /dev/null -m 20 "http://127.0.0.1:$PORT/index.html" || true
	for i in "${!rows[@]}"; do
		eval "res[\$server,\$i]=\$(measure $(row_args "$i"))"
	done
	kill "$PID"
	wait "$PID" 2>/dev/null || true
done

{
	echo "# httpd through uni-run -p: slirp vs passt ($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
	echo
	echo "\`FWD_BENCH_SECONDS=$DUR bash bench/forward.sh\`: examples/httpd serving a 6-byte file, wrk -t2 ${DUR} s per cell, --timeout 5s."
	echo "Native: httpd as a host process on 127.0.0.1. Ratio: requests/s / native's."
	echo
	echo "| load | forwarder | requests/s | ratio vs native | p99 | wrk socket errors |"
	echo "|---|---|---|---|---|---|"
	for i in "${!rows[@]}"; do
		IFS='|' read -r nrps _ _ <<<"${res[native,$i]}"
		for server in native tcg-slirp tcg-passt process; do
			IFS='|' read -r rps p99 err <<<"${res[$server,$i]}"
			echo "| ${rows[$i]} | $server | $rps | $(ratio "$rps" "$nrps") | $p99 | $err |"
		done
	done
} >table.md
cat table.md
dest=${UNI_BENCH_RESULTS:-$HERE/results}
mkdir -p "$dest"
cp table.md "$dest/$(date -u +%Y-%m-%d)-forward.md"
echo "written to $dest/$(date -u +%Y-%m-%d)-forward.md"
