#!/bin/bash
# bench/memcached.sh: memaslap's operations/s (Debian's libmemcached-tools, installed as memcaslap)
# against memcached 1.6.18 (packages/memcached, built unmodified by its own configure and make) in
# an image and natively: the image on the process platform (passt forwards the port) and in a VM
# under TCG (passt), against the same source built with the host's cc and run as a host process
# on 127.0.0.1. memaslap runs on the host for MEMCACHED_BENCH_SECONDS (default 10) per case, its
# default mix (90% get, 10% set, values up to 1 KB): over 20 connections (-T2 -c20), and over one
# (-T1 -c1), where every operation waits for the last. Prints a Markdown table (operations/s and
# ratio vs native) and writes it to bench/results/<date>-memcached.md ($UNI_BENCH_RESULTS/
# instead when set). MEMCACHED_DIR=DIR reuses the trees a previous run built there. With
# UNI_BENCH_ROWS=FILE it also appends one row per case to FILE in bench/run.sh's columns (the VM
# column: TCG with passt). No assertions.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${UNI_OUT:-$ROOT/out}
PATH=$OUT/bin:$PATH
UNI_SRC=$ROOT UNI_OUT=$OUT
SECONDS_PER_RUN=${MEMCACHED_BENCH_SECONDS:-10}
# Cases: THREADS:CONNECTIONS.
CASES=(2:20 1:1)
. "$HERE/server-lib.sh"
bench_workdir memcached passt memcaslap
. "$ROOT/tests/lib/memcached-lib.sh"
MEMCACHED_DIR=${MEMCACHED_DIR:-$WORK/memcached}
if [ ! -x "$MEMCACHED_DIR/img/memcached" ] || [ ! -x "$MEMCACHED_DIR/native/memcached" ]; then
	memcached_build "$MEMCACHED_DIR" || { echo "bench/memcached.sh: building memcached failed (above)" >&2; exit 1; }
fi

servers=(native process tcg)
declare -A ops
for server in "${servers[@]}"; do
	for case in "${CASES[@]}"; do
		threads=${case%:*} conns=${case#*:}
		# A fresh server per case: a server that hangs or dies costs one cell, not the run.
		case $server in
		native) memcached_start native memcached "" ;;
		process) memcached_start process memcached "" --accel process ;;
		tcg) memcached_start tcg memcached "" --accel tcg --user-net passt ;;
		esac || { echo "bench/memcached.sh: the $server server did not start" >&2; exit 1; }
		out=$server-$threads-$conns.memaslap
		timeout $((SECONDS_PER_RUN + 60)) memcaslap -s "127.0.0.1:$MEMCACHED_PORT" -T "$threads" -c "$conns" \
			-t "${SECONDS_PER_RUN}s" >"$out" 2>&1 ||
			echo "bench/memcached.sh: memaslap against $server ($case) failed or hung ($(tail -n 1 "$out"))" >&2
		memcached_stop
		# "Run time: 10.0s Ops: 1234 TPS: 123 Net_rate: 1.2M/s".
		ops[$server,$case]=$(sed -n 's/^Run time: .* TPS: \([0-9]*\) .*/\1/p' "$out")
	done
done

{
	echo "# memcached 1.6.18 in an image vs natively ($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
	echo
	echo "\`bash bench/memcached.sh\`: \`memcaslap -t ${SECONDS_PER_RUN}s\` (memaslap: 90% get, 10% set) from the host,"
	echo "-T2 -c20 or -T1 -c1, one case per fresh server (4 worker threads, a 64 MB cache, which the sets"
	echo "fill within seconds: later gets also miss evicted keys, as they would natively). native: memcached built"
	echo "with the host's cc, a host process on 127.0.0.1; process: the image on the process platform"
	echo "(\`uni-run --accel process\`, passt); tcg: the image in a VM under TCG (\`--accel tcg --user-net passt\`)."
	echo "Ratio: operations/s / native's. failed: no figure."
	echo
	echo "| threads, connections | native ops/s | process ops/s | ratio | tcg ops/s | ratio |"
	echo "|---|---|---|---|---|---|"
	for case in "${CASES[@]}"; do
		n=${ops[native,$case]:-failed} p=${ops[process,$case]:-failed} t=${ops[tcg,$case]:-failed}
		echo "| ${case%:*}, ${case#*:} | $n | $p | $(ratio "$p" "$n") | $t | $(ratio "$t" "$n") |"
	done
} >table.md
for case in "${CASES[@]}"; do
	n=${ops[native,$case]:-failed} p=${ops[process,$case]:-failed} t=${ops[tcg,$case]:-failed}
	echo "memcached 1.6 get/set (memaslap -c${case#*:})|requests/s|$t|$p|n/a|$n|$(ratio "$t" "$n")|$(ratio "$p" "$n")|n/a"
done >rows.txt
bench_publish memcached
