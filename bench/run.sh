#!/bin/sh
# bench/run.sh [--quick]: measures the hello image against its native linux build (size, wall time
# to exit under TCG and KVM, a CPU-bound loop) and prints a markdown table with ratios; the table is
# also written to bench/results/<date>-<host>.md (or $UNI_BENCH_RESULTS/). No assertions.
set -eu

usage() { echo "usage: bench/run.sh [--quick]   (--quick: 3 runs instead of 10)" >&2; exit 2; }
RUNS=10
case ${1:-} in
--quick) RUNS=3 ;;
"") ;;
*) usage ;;
esac
CPU_RUNS=3

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${UNI_OUT:-$ROOT/out}
PATH=$OUT/bin:$PATH
export PATH
[ -x "$OUT/bin/uni-cc" ] && [ -x "$OUT/bin/uni-run" ] || { echo "bench: $OUT/bin/uni-cc or uni-run missing: run ./build.sh" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

log() { echo "bench: $*" >&2; }

# --- build: the same sources as an image and as a native static linux executable -------------
log "building hello and cpuloop (image and native) in $WORK"
cc -O2 -o "$WORK/timeit" "$HERE/timeit.c"
cp -R "$ROOT/examples/hello" "$WORK/img"
cp -R "$ROOT/examples/hello" "$WORK/native"
rm -f "$WORK/img/hello" "$WORK/native/hello"
make -s -C "$WORK/img" CC=uni-cc >/dev/null
UNI_PLATFORM=linux make -s -C "$WORK/native" CC=uni-cc >/dev/null
uni-strip -o "$WORK/hello.stripped" "$WORK/img/hello"
uni-strip -o "$WORK/native.stripped" "$WORK/native/hello"
uni-cc -O2 -o "$WORK/cpuloop" "$HERE/cpuloop.c"
uni-cc --uni-platform=linux -O2 -o "$WORK/cpuloop-native" "$HERE/cpuloop.c"

# --- statistics -------------------------------------------------------------------------------
# stats FILE: "median min max" in milliseconds of the nanosecond values in FILE, one per line.
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f %.1f %.1f\n", m / 1e6, v[1] / 1e6, v[NR] / 1e6 }'
}
# timed NAME RUNS COMMAND...: runs COMMAND RUNS times; prints "median min max" (ms) or "failed".
timed() {
	name=$1 runs=$2
	shift 2
	if "$WORK/timeit" "$runs" "$@" >"$WORK/$name.ns" 2>"$WORK/$name.err"; then
		stats "$WORK/$name.ns"
	else
		log "$name failed: $(tail -n 1 "$WORK/$name.err")"
		echo failed
	fi
}
cell() { # "median min max" -> "median (min–max)"
	[ "$1" = failed ] && { echo "failed"; return; }
	set -- $1
	echo "$1 ms ($2–$3)"
}
ratio() { # "median..." "median...": first median / second median
	case "$1 $2" in *failed*) echo "n/a"; return ;; esac
	awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { if (b > 0) printf "%.2f×\n", a / b; else print "n/a" }'
}

kvm_usable() { [ -r /dev/kvm ] && [ -w /dev/kvm ]; }
if kvm_usable; then ACCELS="tcg kvm"; KVM_NOTE=; else ACCELS=tcg; KVM_NOTE="not available: /dev/kvm missing"; fi
[ -e /dev/kvm ] && ! kvm_usable && KVM_NOTE="not available: /dev/kvm not readable and writable"

# --- measurements -----------------------------------------------------------------------------
log "hello: native, $RUNS runs"
hello_native=$(timed hello-native "$RUNS" "$WORK/native/hello")
for a in $ACCELS; do
	log "hello: image under $a, $RUNS runs"
	eval "hello_$a=\$(timed hello-$a \"\$RUNS\" uni-run --accel $a --timeout 60 \"\$WORK/img/hello\")"
done
log "cpuloop: native, $CPU_RUNS runs"
cpu_native=$(timed cpu-native "$CPU_RUNS" "$WORK/cpuloop-native")
for a in $ACCELS; do
	log "cpuloop: image under $a, $CPU_RUNS runs"
	eval "cpu_$a=\$(timed cpu-$a \"\$CPU_RUNS\" uni-run --accel $a --timeout 600 \"\$WORK/cpuloop\")"
done
# The image must compute what the native build computes, or the timing means nothing.
sum_native=$("$WORK/cpuloop-native")
sum_image=$(uni-run --timeout 600 "$WORK/cpuloop" 2>/dev/null || echo "image failed")
[ "$sum_native" = "$sum_image" ] && cpu_check="same checksum" || cpu_check="CHECKSUM DIFFERS: $sum_image vs $sum_native"

# --- the table --------------------------------------------------------------------------------
size() { stat -c %s "$1"; }
host=$(hostname -s 2>/dev/null || hostname)
rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ] || rev="$rev (with local changes)"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
qemu=$(${UNI_QEMU:-qemu-system-x86_64} --version | head -n 1)
accel_auto=$(uni-run --verbose "$WORK/img/hello" 2>&1 >/dev/null | sed -n 's/^uni-run: accelerator //p' | head -n 1)
load=$(cut -d' ' -f1-3 /proc/loadavg)

table() {
	cat <<EOF
# uni bench: hello image vs native

- date: $(date -u '+%Y-%m-%d %H:%M UTC'), host: $host, runs: $RUNS (cpuloop: $CPU_RUNS)
- git revision: $rev
- CPU: $cpu ($(nproc) CPUs)
- QEMU: $qemu
- accelerator: uni-run's choice here: ${accel_auto:-unknown}; KVM: ${KVM_NOTE:-available}
- load average when done: $load (other work on the machine widens min–max)

| measurement | image | native (static linux) | image/native |
|---|---|---|---|
| hello size (bytes) | $(size "$WORK/img/hello") | $(size "$WORK/native/hello") | $(awk -v a="$(size "$WORK/img/hello")" -v b="$(size "$WORK/native/hello")" 'BEGIN { printf "%.2f×", a / b }') |
| hello size stripped (bytes) | $(size "$WORK/hello.stripped") | $(size "$WORK/native.stripped") | $(awk -v a="$(size "$WORK/hello.stripped")" -v b="$(size "$WORK/native.stripped")" 'BEGIN { printf "%.2f×", a / b }') |
| hello wall time, TCG: median (min–max) | $(cell "$hello_tcg") | $(cell "$hello_native") | $(ratio "$hello_tcg" "$hello_native") |
EOF
	if [ -n "$KVM_NOTE" ]; then
		echo "| hello wall time, KVM: median (min–max) | $KVM_NOTE | $(cell "$hello_native") | n/a |"
	else
		echo "| hello wall time, KVM: median (min–max) | $(cell "$hello_kvm") | $(cell "$hello_native") | $(ratio "$hello_kvm" "$hello_native") |"
	fi
	echo "| cpuloop (~1 s native), TCG: median (min–max) | $(cell "$cpu_tcg") | $(cell "$cpu_native") | $(ratio "$cpu_tcg" "$cpu_native") |"
	if [ -n "$KVM_NOTE" ]; then
		echo "| cpuloop (~1 s native), KVM: median (min–max) | $KVM_NOTE | $(cell "$cpu_native") | n/a |"
	else
		echo "| cpuloop (~1 s native), KVM: median (min–max) | $(cell "$cpu_kvm") | $(cell "$cpu_native") | $(ratio "$cpu_kvm" "$cpu_native") |"
	fi
	cat <<EOF

Wall time is from fork to exit of \`uni-run IMAGE\` (QEMU start, boot, run, exit) or of the native
executable, stdout to /dev/null. cpuloop output: $cpu_check (\`$sum_native\`).
EOF
}

results=${UNI_BENCH_RESULTS:-$HERE/results}
mkdir -p "$results"
result=$results/$(date -u +%Y-%m-%d)-$host.md
table | tee "$result"
log "written to $result"
