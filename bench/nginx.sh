#!/bin/bash
# bench/nginx.sh: wrk's requests/s and latency against nginx 1.22 (packages/nginx, built unmodified
# by its own configure and make) in an image and natively: the image on the process platform
# (passt forwards the port) and in a VM under TCG, with passt and with QEMU's slirp (whose host
# socket does not hold back the second of two small writes as passt's does; docs/SERVERS.md),
# against the same source built with the host's cc and run as a host process on 127.0.0.1. wrk
# runs on the host for NGINX_BENCH_SECONDS (default 10) per case: a 6-byte file and a 100 KB one
# over 20 connections (-t2 -c20), and the 6-byte file over one connection (-t1 -c1), where every
# response waits for the last. Prints a Markdown table (requests/s, ratio vs native, p50 and p99
# latency) and writes it to bench/results/<date>-nginx.md ($UNI_BENCH_RESULTS/ instead when set).
# NGINX_DIR=DIR reuses the trees a previous run built there. With UNI_BENCH_ROWS=FILE it also
# appends one row per case to FILE in bench/run.sh's columns (the VM column: TCG with passt).
# No assertions.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${UNI_OUT:-$ROOT/out}
PATH=$OUT/bin:$PATH
UNI_SRC=$ROOT UNI_OUT=$OUT
SECONDS_PER_RUN=${NGINX_BENCH_SECONDS:-10}
# Cases: FILE:CONNECTIONS.
CASES=(hello.txt:20 100k.bin:20 hello.txt:1)
. "$HERE/server-lib.sh"
bench_workdir nginx passt wrk curl
. "$ROOT/tests/lib/nginx-lib.sh"
DIR=${NGINX_DIR:-$WORK/nginx}
if [ ! -x "$DIR/img/objs/nginx" ] || [ ! -x "$DIR/native/objs/nginx" ]; then
	nginx_build "$DIR" || { echo "bench/nginx.sh: building nginx failed (above)" >&2; exit 1; }
fi
nginx_docroot "$WORK/www"

# ms VALUE: wrk's latency (1.23us, 4.56ms, 1.20s) in milliseconds.
ms() {
	awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
		printf "%.3f", n }'
}

servers=(native process tcg tcg-slirp)
declare -A rps p50 p99
for server in "${servers[@]}"; do
	for case in "${CASES[@]}"; do
		file=${case%:*} conns=${case#*:}
		# A fresh server per case: a server that hangs or dies costs one cell, not the run.
		case $server in
		native) nginx_start native "$DIR" "$WORK/www" ;;
		process) nginx_start process "$DIR" "$WORK/www" --accel process ;;
		tcg) nginx_start tcg "$DIR" "$WORK/www" --accel tcg --user-net passt ;;
		tcg-slirp) nginx_start tcg-slirp "$DIR" "$WORK/www" --accel tcg --user-net slirp ;;
		esac || { echo "bench/nginx.sh: the $server server did not start" >&2; exit 1; }
		out=$server-$file-$conns.wrk
		timeout $((SECONDS_PER_RUN + 60)) wrk -t$((conns > 1 ? 2 : 1)) -c"$conns" -d "${SECONDS_PER_RUN}s" --latency \
			"http://127.0.0.1:$NGINX_PORT/$file" >"$out" 2>&1 ||
			echo "bench/nginx.sh: wrk against $server ($case) failed or hung ($(tail -n 1 "$out"))" >&2
		nginx_stop
		# A server that answered with errors or not at all gets no figure.
		if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
			echo "bench/nginx.sh: $server ($case): $(grep -e 'Non-2xx' -e 'Socket errors' "$out" | paste -sd ';')" >&2
		fi
		rps[$server,$case]=$(awk '$1 == "Requests/sec:" { print $2 }' "$out")
		p50[$server,$case]=$(awk '$1 == "50%" { print $2 }' "$out")
		p99[$server,$case]=$(awk '$1 == "99%" { print $2 }' "$out")
	done
done

lat() { # SERVER CASE: "p50 / p99" in ms, or "-"
	if [ -n "${p50[$1,$2]:-}" ]; then echo "$(ms "${p50[$1,$2]}") / $(ms "${p99[$1,$2]}")"; else echo -; fi
}
{
	echo "# nginx 1.22.1 in an image vs natively ($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
	echo
	echo "\`bash bench/nginx.sh\`: \`wrk -d${SECONDS_PER_RUN}s --latency\` from the host (-t2 -c20, or -t1 -c1), one case per fresh server."
	echo "native: nginx built with the host's cc, a host process on 127.0.0.1; process: the image on"
	echo "the process platform (\`uni-run --accel process\`, passt); tcg: the image in a VM under TCG"
	echo "(\`--accel tcg --user-net passt\`); slirp: the same with \`--user-net slirp\`. All: one process"
	echo "(master_process off), epoll, sendfile on, tcp_nopush on, access_log off. Ratio: requests/s / native's."
	echo "Latency: wrk's p50 / p99 in ms. failed: no figure."
	echo
	echo "| file, connections | native req/s | process req/s | ratio | tcg req/s | ratio | slirp req/s | ratio | latency native | process | tcg | slirp |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
	for case in "${CASES[@]}"; do
		n=${rps[native,$case]:-failed} p=${rps[process,$case]:-failed} t=${rps[tcg,$case]:-failed}
		sl=${rps[tcg-slirp,$case]:-failed}
		echo "| ${case%:*}, ${case#*:} | $n | $p | $(ratio "$p" "$n") | $t | $(ratio "$t" "$n") | $sl | $(ratio "$sl" "$n") |" \
			"$(lat native "$case") | $(lat process "$case") | $(lat tcg "$case") | $(lat tcg-slirp "$case") |"
	done
} >table.md
for case in "${CASES[@]}"; do
	n=${rps[native,$case]:-failed} p=${rps[process,$case]:-failed} t=${rps[tcg,$case]:-failed}
	echo "nginx 1.22 ${case%:*} (wrk -c${case#*:})|requests/s|$t|$p|n/a|$n|$(ratio "$t" "$n")|$(ratio "$p" "$n")|n/a"
done >rows.txt
bench_publish nginx
