#!/bin/bash
# bench/classify.sh: figures of examples/classify as a uni image against its linux build as a
# native process, in one run: inference latency and requests/s with the real model
# (nsfw-mobilenetv2) for each engine the build has (darknet; ONNX Runtime when onnxruntime is in
# the sysroot, with the package's model.onnx from uni-model --format onnx; else darknet only, saying
# so), requests/s with 1 and 2 vCPUs (tiny test model, darknet), boot to the first 200 on
# /healthz, image and model sizes, and the smallest -m that serves 1,000 requests. The image runs
# with uni-run --accel $CLASSIFY_BENCH_ACCEL (default auto; process: the same image as a
# sandboxed process, networked through passt). Prints a Markdown table and writes it to
# bench/results/<date>-classify[-ACCEL].md ($UNI_BENCH_RESULTS/ instead when set). No assertions.
# Needs curl, the packages of examples/classify and the nsfw-mobilenetv2 model (./build.sh demo).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${UNI_OUT:-$ROOT/out}
PATH=$OUT/bin:$PATH
CACHE=${UNI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/uni}
LAT_N=${CLASSIFY_BENCH_LATENCY_REQUESTS:-10} # real-model requests per build
RPS_N=${CLASSIFY_BENCH_REQUESTS:-500}         # tiny-model requests per throughput run
RPS_REAL_N=${CLASSIFY_BENCH_REAL_REQUESTS:-64} # real-model requests per engine's throughput run
BOOTS=${CLASSIFY_BENCH_BOOTS:-5}
MIN_N=${CLASSIFY_BENCH_MIN_MEMORY_REQUESTS:-1000} # requests each -m of the bisection must serve
ACCEL=${CLASSIFY_BENCH_ACCEL:-auto}
REAL=$OUT/sysroot/usr/share/uni/models/nsfw-mobilenetv2
die() { echo "bench/classify.sh: $1: $2 (fix: $3)" >&2; exit 1; }
step() { echo "== $*" >&2; }
command -v curl >/dev/null || die setup "curl is not installed" "./build.sh installs it"
[ -f "$REAL/model.weights" ] || die setup "no model in $REAL" "./build.sh demo builds nsfw-mobilenetv2"
photos=$(ls "$CACHE"/src/darknet/darknet_*.orig.tar.xz 2>/dev/null | head -n 1)
[ -n "$photos" ] || die setup "darknet's source package (the test photos) is not in $CACHE/src" "./build.sh test classify fetches it"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-classifybench.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"

step "build: the image (make CC=uni-cc) and the linux build, the tiny model, the photos"
for b in img:uni-cc "nat:uni-cc --uni-platform=linux"; do
	d=${b%%:*}
	cp -R "$ROOT/examples/classify" "$d" && make -s -C "$d" clean
	make -s -C "$d" CC="${b#*:}" PKG_CONFIG=uni-pkg-config >"$d.log" 2>&1 || { tail "$d.log"; die build "make in $d failed" "see above"; }
done
uni-cc --uni-platform=linux -O2 -o fixture "$ROOT/tests/classify/fixture.c" && mkdir tiny && ./fixture tiny
mkdir real && cp "$REAL"/model.cfg "$REAL"/model.weights "$REAL"/labels.txt real/
tar -xJf "$photos" --strip-components=2 darknet/data/dog.jpg darknet/data/person.jpg darknet/data/horses.jpg darknet/data/eagle.jpg
# The engines: both builds have ONNX Runtime's when the sysroot has it (the Makefile asks
# pkg-config); its model is the package's model.onnx (uni-model --format onnx), in real-onnx/.
engines=darknet
if uni-pkg-config --exists libonnxruntime; then
	engines="darknet onnx"
	[ -f "$REAL/model.onnx" ] || die setup "no model.onnx in $REAL" "./build.sh packages nsfwjs-mobilenetv2 writes it"
	mkdir real-onnx && cp "$REAL"/model.onnx "$REAL"/labels.txt real-onnx/
fi
model_of() { [ "$1" = onnx ] && echo real-onnx || echo real; } # ENGINE: its model folder

free_port() { echo $((20000 + RANDOM % 30000)); }
# poll_200 PORT: polls GET /healthz on 127.0.0.1:PORT until it answers 200 (0), the server
# exits (1; its status in RC) or 600 s pass (2). Each try waits at most 0.2 s: QEMU's user network
# accepts a forwarded connection before the guest listens, and a SYN it sends too early is
# retransmitted only seconds later, so a new connection is tried instead. (Bash's /dev/tcp with
# read -t would save curl's ~20 ms start, but bash 5.2's read -t left a timer armed that later
# killed the script with SIGALRM.)
poll_200() {
	local deadline=$((SECONDS + 600))
	RC=
	while [ "$SECONDS" -lt "$deadline" ]; do
		[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 0.2 "http://127.0.0.1:$1/healthz")" = 200 ] && return 0
		kill -0 "$PID" 2>/dev/null || { RC=0; wait "$PID" 2>/dev/null || RC=$?; return 1; }
		sleep 0.01
	done
	return 2
}
# first_200 PORT: poll_200, or stop the benchmark saying why.
first_200() {
	local r=0
	poll_200 "$1" || r=$?
	[ "$r" != 1 ] || { tail server.err >&2; die boot "the server exited $RC" "see its stderr above"; }
	[ "$r" != 2 ] || die boot "no 200 from port $1 within 600 s" "see $WORK/server.err"
}
# start img|nat MODEL [UNI-RUN-OPTION...]: starts the server with MODEL (tiny|real); sets URL, PID.
start() {
	local kind=$1 model=$2 port
	shift 2
	port=$(free_port)
	if [ "$kind" = img ]; then
		uni-run --accel "$ACCEL" --timeout 3000 -p "$port:80" -v "$PWD/$model:/models/$model" "$@" img/classify \
			--port 80 --model-dir "/models/$model" --quiet >server.out 2>server.err &
	else
		nat/classify --port "$port" --model-dir "$PWD/$model" --quiet >server.out 2>server.err &
	fi
	PID=$!
	PORT=$port URL=http://127.0.0.1:$port
}
stop() { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; }
ms_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.0f\n", (b - a) / 1e6 }'; }
# pct P FILE: the P-th percentile of FILE's numbers (nearest rank).
pct() { sort -n "$2" | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print v[i] }'; }

# latency KIND MODEL: LAT_N sequential requests with MODEL (real, real-onnx) over 4 photos;
# "p50 p99 wall-p50 wall-p99" ms.
latency() {
	local i p
	start "$1" "$2" -m 512M $([ "$1" = img ] && echo --verbose)
	first_200 "$PORT"
	[ "$1" != img ] || sed -n 's/^uni-run: accelerator //p' server.err | head -n 1 >accel.txt
	curl -s -o /dev/null -H 'Content-Type: image/jpeg' --data-binary @dog.jpg "$URL/v1/classify" # warm-up
	: >inf.ms; : >wall.ms
	for i in $(seq "$LAT_N"); do
		p=$(echo dog person horses eagle | cut -d' ' -f$(((i - 1) % 4 + 1)))
		curl -sS -H 'Content-Type: image/jpeg' --data-binary "@$p.jpg" -w ' %{time_total}\n' "$URL/v1/classify" >answer
		sed -n 's/.*"inference_ms":\([0-9.]*\).*/\1/p' answer >>inf.ms
		awk '{ printf "%.1f\n", $NF * 1000 }' answer >>wall.ms
		echo "   $1 $2 request $i/$LAT_N: $(tail -n 1 inf.ms) ms inference" >&2
	done
	stop
	echo "$(pct 50 inf.ms) $(pct 99 inf.ms) $(pct 50 wall.ms) $(pct 99 wall.ms)"
}

# rps: RPS_N tiny-model requests from 32 keep-alive curl clients against URL; prints the
# requests/s of the 200 answers, with "(K of N answered)" when some failed. Each client gets at
# most RPS_LIMIT seconds, so a hung guest ends the measurement. A subshell, so that its wait is
# for its clients only.
rps() (
	t0=$(date +%s%N)
	for c in $(seq 0 31); do
		(n=$((RPS_N / 32 + (c < RPS_N % 32 ? 1 : 0))); args=()
		 for _ in $(seq "$n"); do args+=(-o /dev/null "$URL/v1/classify"); done
		 timeout "${RPS_LIMIT:-240}" curl -s --max-time 60 -w '%{http_code}\n' -H 'Content-Type: image/jpeg' \
			--data-binary @dog.jpg "${args[@]}" >"rps-$c.out") &
	done
	wait
	ok=$(cat rps-*.out | grep -cx 200 || true)
	rate=$(awk -v n="$ok" -v ms="$(ms_since "$t0")" 'BEGIN { printf "%.1f", n / (ms / 1000) }')
	if [ "$ok" = "$RPS_N" ]; then echo "$rate"; else echo "$rate ($ok of $RPS_N answered)"; fi
)

declare -A lat real_rps # [KIND,ENGINE]: latency's four figures; requests/s with the real model
step "inference latency, real model, $LAT_N requests each, engines: $engines"
for e in $engines; do
	for kind in img nat; do lat[$kind,$e]=$(latency $kind "$(model_of $e)"); done
done

step "requests/s, real model, $RPS_REAL_N requests from 32 clients, 2 workers, engines: $engines"
for e in $engines; do
	start img "$(model_of $e)" -m 512M --cpus 2; first_200 "$PORT"; real_rps[img,$e]=$(RPS_N=$RPS_REAL_N rps); stop
	start nat "$(model_of $e)"; first_200 "$PORT"; real_rps[nat,$e]=$(RPS_N=$RPS_REAL_N rps); stop
	echo "   $e: image ${real_rps[img,$e]}, native ${real_rps[nat,$e]} requests/s" >&2
done

step "requests/s, tiny model, $RPS_N requests from 32 clients"
for cpus in 1 2; do
	start img tiny -m 256M --cpus "$cpus"; first_200 "$PORT"
	rate=$(rps); stop
	eval "img_rps$cpus=\$rate"
	echo "   image, $cpus vCPU: $rate requests/s" >&2
done
start nat tiny; first_200 "$PORT"; nat_rps=$(rps); stop

step "boot to the first 200 on /healthz, median of $BOOTS (tiny model)"
: >boot-img.ms; : >boot-nat.ms
for i in $(seq "$BOOTS"); do
	t0=$(date +%s%N); start img tiny -m 256M; first_200 "$PORT"; ms_since "$t0" >>boot-img.ms; stop
	t0=$(date +%s%N); start nat tiny; first_200 "$PORT"; ms_since "$t0" >>boot-nat.ms; stop
	echo "   boot $i: image $(tail -n 1 boot-img.ms) ms, native $(tail -n 1 boot-nat.ms) ms" >&2
done
boot_img=$(pct 50 boot-img.ms) boot_nat=$(pct 50 boot-nat.ms)

step "smallest -m (MiB) that serves $MIN_N requests with the tiny model (bisection, 8 MiB steps)"
serves() { # MIB: true when an image with -m MIB answers MIN_N requests all 200
	local ok rc=running
	start img tiny -m "${1}M"
	if ! poll_200 "$PORT"; then
		echo "   -m ${1}M: the server $([ -n "$RC" ] && echo "exited $RC before answering" || echo "gave no 200 within 600 s on") /healthz" >&2
		grep -E '^(OpenBLAS|uni|uni-run|classify): ' server.err | head -n 3 | sed 's/^/      /' >&2
		stop
		return 1
	fi
	RPS_N=$MIN_N rps >/dev/null 2>&1
	ok=$(cat rps-*.out | grep -cx 200 || true)
	kill -0 "$PID" 2>/dev/null || { rc=0; wait "$PID" 2>/dev/null || rc=$?; }
	stop
	echo "   -m ${1}M: $ok of $MIN_N answers 200 (server: $rc)" >&2
	# A failure says why: the server's last words, or the answers it gave instead.
	[ "$ok" = "$MIN_N" ] || { grep -E '^(OpenBLAS|uni|uni-run|classify): ' server.err | head -n 3 | sed 's/^/      /' >&2
		cat rps-*.out | sort | uniq -c | sed 's/^/      answers: /' >&2; }
	[ "$ok" = "$MIN_N" ]
}
lo=8 hi=256 # lo fails (assumed: below the kernel's own needs), hi serves
serves "$hi" || die min-memory "-m ${hi}M does not serve $MIN_N requests" "see $WORK/server.err"
while [ $((hi - lo)) -gt 8 ]; do
	mid=$(((lo + hi) / 2))
	if serves "$mid"; then hi=$mid; else lo=$mid; fi
done
min_m=$hi

img_size=$(stat -c %s img/classify) nat_size=$(stat -c %s nat/classify)
wsize=$(stat -c %s real/model.weights) csize=$(stat -c %s real/model.cfg) lsize=$(stat -c %s real/labels.txt)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "n/a" }'; }
row() { echo "| $1 | $2 | $3 | $(ratio "$2" "$3") |"; } # MEASURE IMAGE NATIVE
# engine_rows ENGINE: latency and requests/s of the real model with ENGINE.
engine_rows() {
	local i50 i99 w50 w99 n50 n99 nw50 nw99
	read -r i50 i99 w50 w99 <<<"${lat[img,$1]}"
	read -r n50 n99 nw50 nw99 <<<"${lat[nat,$1]}"
	row "inference p50, ms (real model, $1)" "$i50" "$n50"
	row "inference p99, ms (real model, $1)" "$i99" "$n99"
	row "request wall p50, ms (real model, $1)" "$w50" "$nw50"
	row "request wall p99, ms (real model, $1)" "$w99" "$nw99"
	row "requests/s, 2 vCPUs, 2 workers (real model, $1)" "${real_rps[img,$1]}" "${real_rps[nat,$1]} (2 host cores)"
}
accel=$(cat accel.txt)
dest=${UNI_BENCH_RESULTS:-$ROOT/bench/results}
mkdir -p "$dest"
report=$dest/$(date +%Y-%m-%d)-classify$([ "$ACCEL" = auto ] || echo "-$ACCEL").md
{
	echo "# examples/classify benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, accelerator: $accel"
	echo
	echo "Image: \`make CC=uni-cc\`, run by uni-run --accel $ACCEL -p (under QEMU: its user networking; as a process: passt). Native: the linux build"
	echo "(\`uni-cc --uni-platform=linux\`) as a host process on loopback. Latency: $LAT_N sequential requests"
	echo "(dog, person, horses, eagle) with nsfw-mobilenetv2 after one warm-up; inference = \`inference_ms\`"
	echo "of the answers, wall = curl's total time; real-model requests/s: $RPS_REAL_N POSTs of dog.jpg from"
	echo "32 keep-alive clients, 2 workers. Requests/s of the tiny model: $RPS_N POSTs of dog.jpg from 32"
	echo "keep-alive clients with the tiny 5-class darknet test model (tests/classify/fixture.c), so the"
	echo "figure is the service, not the network. Under TCG (emulation) the ratios measure the emulator,"
	echo "not the runtime. Engines: $engines (each build has all of them; the model folder picks one)."
	[ "$engines" != darknet ] ||
		echo "ONNX Runtime is not in the sysroot: darknet only (\`./build.sh packages onnxruntime\` adds the onnx rows)."
	echo
	echo "| measure | uni image | native process | image/native |"
	echo "|---|---|---|---|"
	for e in $engines; do engine_rows "$e"; done
	echo "| requests/s, 1 vCPU (tiny model) | $img_rps1 | $nat_rps (2 host cores) | $(ratio "$img_rps1" "$nat_rps") |"
	echo "| requests/s, 2 vCPUs (tiny model) | $img_rps2 | $nat_rps (2 host cores) | $(ratio "$img_rps2" "$nat_rps") |"
	echo "| launch to first 200 on /healthz, median of $BOOTS, ms | $boot_img | $boot_nat | $(ratio "$boot_img" "$boot_nat") |"
	echo "| program size, bytes (without model) | $img_size | $nat_size | $(ratio "$img_size" "$nat_size") |"
	echo "| smallest -m serving $MIN_N requests (tiny model, bisection to 8 MiB) | ${min_m} MiB | | |"
	echo
	echo "Model files (nsfw-mobilenetv2, a volume, not in the image): model.weights $wsize bytes,"
	echo "model.cfg $csize bytes, labels.txt $lsize bytes$([ "$engines" = darknet ] || echo "; model.onnx $(stat -c %s real-onnx/model.onnx) bytes")."
	echo "The real model was measured with -m 512M."
} | tee "$report"
echo "written: $report" >&2
