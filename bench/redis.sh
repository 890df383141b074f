#!/bin/bash
# bench/redis.sh: redis-benchmark's requests/s against Redis 7.0 (packages/redis, built unmodified
# by its own Makefile) in an image and natively: the image on the process platform (passt forwards
# the port) and in a VM under TCG (passt), against the same source built with the host's cc and run
# as a host process on 127.0.0.1. redis-benchmark is the native build's, run on the host with
# -n REDIS_BENCH_REQUESTS (default 100000) -c 20 -t set,get,incr,lpush. Prints a Markdown table
# (requests/s, ratio vs native, p50 latency) and writes it to bench/results/<date>-redis.md
# ($UNI_BENCH_RESULTS/ instead when set). REDIS_DIR=DIR reuses the trees a previous run (or
# tests/servers/redis.test) built there. With UNI_BENCH_ROWS=FILE it also appends one row per
# command to FILE in bench/run.sh's columns (bench/run.sh --servers). No assertions.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${UNI_OUT:-$ROOT/out}
PATH=$OUT/bin:$PATH
UNI_SRC=$ROOT UNI_OUT=$OUT
REQUESTS=${REDIS_BENCH_REQUESTS:-100000}
TESTS=set,get,incr,lpush
. "$HERE/server-lib.sh"
bench_workdir redis passt
. "$ROOT/tests/lib/redis-lib.sh"
DIR=${REDIS_DIR:-$WORK/redis}
if [ ! -x "$DIR/img/src/redis-server" ] || [ ! -x "$DIR/native/src/redis-benchmark" ]; then
	redis_build "$DIR" || { echo "bench/redis.sh: building redis failed (above)" >&2; exit 1; }
fi

servers=(native process tcg)
declare -A rps p50
for server in "${servers[@]}"; do
	for cmd in ${TESTS//,/ }; do
		# A fresh server per command: a server that hangs or dies costs one cell, not the run.
		case $server in
		native) redis_start native "$DIR" ;;
		process) redis_start process "$DIR" --accel process ;;
		tcg) redis_start tcg "$DIR" --accel tcg --user-net passt ;;
		esac || { echo "bench/redis.sh: the $server server did not start" >&2; exit 1; }
		timeout 120 "$DIR/native/src/redis-benchmark" -p "$REDIS_PORT" -n "$REQUESTS" -c 20 -t "$cmd" --csv \
			>"$server-$cmd.csv" 2>"$server-$cmd.err" ||
			echo "bench/redis.sh: redis-benchmark -t $cmd against $server failed or hung ($(tr '\r' '\n' <"$server-$cmd.err" | grep -v 'rps=' | tail -n 1))" >&2
		redis_stop
		# --csv: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",...
		while IFS=, read -r name r _ _ p _; do
			name=${name//\"/}
			[ "$name" = test ] && continue
			rps[$server,$name]=${r//\"/}
			p50[$server,$name]=${p//\"/}
		done <"$server-$cmd.csv"
	done
done

{
	echo "# Redis 7.0.15 in an image vs natively ($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
	echo
	echo "\`bash bench/redis.sh\`: \`redis-benchmark -n $REQUESTS -c 20 -t $TESTS\` (the native build's) from the host."
	echo "native: redis-server built with the host's cc, a host process on 127.0.0.1; process: the image"
	echo "on the process platform (\`uni-run --accel process\`, passt); tcg: the image in a VM under TCG"
	echo "(\`--accel tcg --user-net passt\`). A fresh server per command. Ratio: requests/s / native's."
	echo "p50: redis-benchmark's, in ms. failed: redis-benchmark failed or hung (2 minutes)."
	echo
	echo "| command | native req/s | process req/s | ratio | tcg req/s | ratio | p50 native / process / tcg |"
	echo "|---|---|---|---|---|---|---|"
	for name in SET GET INCR LPUSH; do
		n=${rps[native,$name]:-failed} p=${rps[process,$name]:-failed} t=${rps[tcg,$name]:-failed}
		echo "| $name | $n | $p | $(ratio "$p" "$n") | $t | $(ratio "$t" "$n") | ${p50[native,$name]:--} / ${p50[process,$name]:--} / ${p50[tcg,$name]:--} |"
	done
} >table.md
for name in SET GET INCR LPUSH; do
	n=${rps[native,$name]:-failed} p=${rps[process,$name]:-failed} t=${rps[tcg,$name]:-failed}
	echo "Redis 7.0 $name (redis-benchmark -c 20)|requests/s|$t|$p|n/a|$n|$(ratio "$t" "$n")|$(ratio "$p" "$n")|n/a"
done >rows.txt
bench_publish redis
