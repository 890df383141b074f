#!/bin/sh
# bench/run.sh [--quick] [--servers]: the comparison report: each workload as a uni image under QEMU, the same
# image executed as a sandboxed process (the process platform), as a linux-microvm (Debian's
# kernel + initramfs) and as a native process, side by side, with medians, min, max,
# run counts and ratios against native taken pair by pair in the same run. Writes
# bench/results/<date>-<host>.md (also printed), a .csv twin and one gnuplot PNG per measured
# workload next to them ($UNI_BENCH_RESULTS/ instead when set). With --servers the real servers'
# benchmarks (bench/redis.sh, bench/nginx.sh, bench/memcached.sh) add their rows: requests/s of the image (VM and process) against
# the same server built natively. No assertions.
set -eu

usage() {
	echo "usage: bench/run.sh [--quick] [--servers]   (--quick: fewer runs, a shorter cpuloop;" >&2
	echo "       --servers: also the real servers' benchmarks, bench/redis.sh, bench/nginx.sh, bench/memcached.sh: minutes more)" >&2
	exit 2
}
QUICK= SERVERS=
for arg in "$@"; do
	case $arg in
	--quick) QUICK=1 ;;
	--servers) SERVERS=1 ;;
	*) usage ;;
	esac
done
if [ -n "$QUICK" ]; then
	HELLO_RUNS=3 CPU_RUNS=2 CPU_N=100000000 SC_RUNS=2 MODE=quick
else
	HELLO_RUNS=10 CPU_RUNS=3 CPU_N=400000000 SC_RUNS=5 MODE=full
fi
SC_N=1000000

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${UNI_OUT:-$ROOT/out}
PATH=$OUT/bin:$PATH
export PATH
[ -x "$OUT/bin/uni-cc" ] && [ -x "$OUT/bin/uni-run" ] || { echo "bench: $OUT/bin/uni-cc or uni-run missing: run ./build.sh" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
log() { echo "bench: $*" >&2; }
BENCH_T0=$(date +%s) PROGRESS_T=$(date +%s)
# progress W I RUNS: at most every 15 s, how far workload W got, so a long run is visibly alive.
progress() {
	now=$(date +%s)
	[ $((now - PROGRESS_T)) -ge 15 ] || return 0
	PROGRESS_T=$now
	log "... $1: $2 of $3 rounds done, $((now - BENCH_T0)) s since the start"
}

# --- the platforms: image, linux-microvm (when build.sh got Debian's kernel), native ----------
KDIR=$OUT/sysroot/usr/lib/uni/linux-microvm/kernel
if [ -f "$KDIR/vmlinuz" ]; then
	MICROVM=1 MICROVM_NOTE=
	kernel_pkg=$(cut -d' ' -f1-2 "$KDIR/package" 2>/dev/null || cat "$KDIR/release")
else
	MICROVM= MICROVM_NOTE="not available: no Debian kernel (./build.sh could not apt-get download it; see out/logs/microvm.log)"
	kernel_pkg="none"
fi
kvm_usable() { [ -r /dev/kvm ] && [ -w /dev/kvm ]; }

# build NAME SOURCE [FLAGS...]: NAME.img (pvh), NAME.vm (linux-microvm), NAME.native (linux), -O2.
build() {
	name=$1 src=$2
	shift 2
	uni-cc -O2 -o "$WORK/$name.img" "$src" "$@"
	uni-cc --uni-platform=linux -O2 -o "$WORK/$name.native" "$src" "$@"
	[ -z "$MICROVM" ] || uni-cc --uni-platform=linux-microvm -O2 -o "$WORK/$name.vm" "$src" "$@"
}
log "building hello, cpuloop, syscall, runtime for the three platforms in $WORK"
cc -O2 -o "$WORK/timeit" "$HERE/timeit.c"
build hello "$ROOT/examples/hello/hello.c"
build cpuloop "$HERE/cpuloop.c"
build syscall "$HERE/syscall.c"
build runtime "$HERE/runtime.c"
if uni-pkg-config --exists openblas; then
	SGEMM=1
	# shellcheck disable=SC2046
	build sgemm "$HERE/sgemm.c" $(uni-pkg-config --cflags --libs openblas)
else
	SGEMM= SGEMM_NOTE="not available: OpenBLAS is not in the sysroot (./build.sh packages openblas)"
fi

# --- measuring ------------------------------------------------------------------------------
# Each round runs native, image and microvm once, in that order, so that pair-by-pair ratios
# compare runs made under the same machine load. Samples go to $S/W.P (one per line).
S=$WORK/samples
mkdir -p "$S"
IMG_ACCEL=tcg # the same accelerator as linux-microvm (which auto runs under TCG), for fairness
cmd_for() { # PLATFORM NAME: the command line that runs NAME on PLATFORM
	case $1 in
	native) echo "$WORK/$2.native" ;;
	image) echo "uni-run --accel $IMG_ACCEL -m 256M --timeout 600 $WORK/$2.img" ;;
	process) echo "env UNI_DIRECT=1 UNI_MEM=256 $WORK/$2.img" ;;
	kvm) echo "uni-run --accel kvm -m 256M --timeout 600 $WORK/$2.img" ;;
	microvm) echo "uni-run -m 256M --timeout 600 $WORK/$2.vm" ;;
	esac
}
platforms() { # the platforms measured in this run
	echo native image process
	[ -z "$MICROVM" ] || echo microvm
	! kvm_usable || echo kvm
}
# wall W NAME RUNS ARGS...: start-to-exit wall time in ms, per platform and round.
wall() {
	w=$1 name=$2 runs=$3
	shift 3
	i=0
	while [ $i -lt "$runs" ]; do
		for p in $(platforms); do
			# shellcheck disable=SC2046
			if ns=$("$WORK/timeit" 1 $(cmd_for $p "$name") "$@" 2>>"$S/$w.$p.err"); then
				echo "$ns" | awk '{ printf "%.3f\n", $1 / 1e6 }' >>"$S/$w.$p"
			else
				echo failed >>"$S/$w.$p"
				log "$w on $p failed: $(tail -n 1 "$S/$w.$p.err")"
			fi
		done
		i=$((i + 1))
		progress "$w" $i "$runs"
	done
}
# inner W NAME RUNS ARGS...: the program's own measurement (ns_per_call=X or value=X), per
# platform and round.
inner() {
	w=$1 name=$2 runs=$3
	shift 3
	i=0
	while [ $i -lt "$runs" ]; do
		for p in $(platforms); do
			# shellcheck disable=SC2046
			v=$($(cmd_for $p "$name") "$@" 2>>"$S/$w.$p.err" </dev/null | sed -n 's/.*\(ns_per_call\|value\)=\([0-9.]*\).*/\2/p')
			echo "${v:-failed}" >>"$S/$w.$p"
		done
		i=$((i + 1))
		progress "$w" $i "$runs"
	done
}
# minmem NAME PLATFORM: the smallest -m (MiB) that runs NAME to exit 0, by bisection in [1, 256].
minmem() {
	lo=0 hi=256 # lo fails (or is below the range), hi boots
	flag=--accel=$IMG_ACCEL   # microvm: auto would be TCG too; image: the VM, not the process platform
	while [ $((hi - lo)) -gt 1 ]; do
		mid=$(((lo + hi) / 2))
		# shellcheck disable=SC2046
		if uni-run $flag --timeout 20 -m "${mid}M" "$WORK/$1.$([ "$2" = microvm ] && echo vm || echo img)" \
			>/dev/null 2>&1 </dev/null; then hi=$mid; else lo=$mid; fi
	done
	echo "$hi"
}

log "hello: wall time, $HELLO_RUNS rounds"
wall hello hello "$HELLO_RUNS"
log "cpuloop: n=$CPU_N, $CPU_RUNS rounds"
wall cpuloop cpuloop "$CPU_RUNS" "$CPU_N"
log "syscall: $SC_N getppid, $SC_RUNS rounds"
inner syscall syscall "$SC_RUNS" "$SC_N"
log "runtime: /dev/null writes, 64 MB file read, thread create+join, futex ping-pong, $SC_RUNS rounds"
inner devnull runtime "$SC_RUNS" devnull 100000
inner fileread runtime "$SC_RUNS" fileread
inner thread runtime "$SC_RUNS" thread 2000
inner futex runtime "$SC_RUNS" futex 20000
log "speedup: cpuloop-like work on 1 then 2 threads, 2 vCPUs (UNI_CPUS=2), $SC_RUNS rounds"
export UNI_CPUS=2
inner speedup runtime "$SC_RUNS" speedup "$CPU_N"
unset UNI_CPUS
if [ -n "$SGEMM" ]; then
	log "sgemm: OpenBLAS 512x512, one thread, $SC_RUNS rounds"
	inner sgemm sgemm "$SC_RUNS" 512 20
fi
log "hello: smallest -m (bisection)"
mem_image=$(minmem hello image)
mem_microvm=n/a
[ -z "$MICROVM" ] || mem_microvm=$(minmem hello microvm)
rss_native=$(/usr/bin/time -f %M "$WORK/hello.native" 2>&1 >/dev/null | tail -n 1 || echo n/a)
# The platforms must compute the same thing, or the timing means nothing.
sum_native=$("$WORK/cpuloop.native" "$CPU_N")
sum_image=$(uni-run --accel $IMG_ACCEL --timeout 600 "$WORK/cpuloop.img" "$CPU_N" 2>/dev/null || echo "image failed")
sum_vm=$sum_native
sum_process=$(UNI_DIRECT=1 "$WORK/cpuloop.img" "$CPU_N" 2>/dev/null || echo "process failed")
[ -z "$MICROVM" ] || sum_vm=$(uni-run --timeout 600 "$WORK/cpuloop.vm" "$CPU_N" 2>/dev/null || echo "microvm failed")
[ "$sum_native" = "$sum_image" ] && [ "$sum_native" = "$sum_vm" ] && [ "$sum_native" = "$sum_process" ] && cpu_check="same checksum" ||
	cpu_check="CHECKSUM DIFFERS: native $sum_native, image $sum_image, process $sum_process, microvm $sum_vm"

# --- statistics -----------------------------------------------------------------------------
# stats FILE: "median min max n" of the numbers in FILE, or "failed".
stats() {
	[ -s "$1" ] && ! grep -q failed "$1" || { echo failed; return; }
	sort -g "$1" | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.3f %.3f %.3f %d\n", m, v[1], v[NR], NR }'
}
# ratios W P: the per-round ratios P/native, in a file; prints its path.
ratios() {
	paste "$S/$1.$2" "$S/$1.native" | awk '$1 != "failed" && $2 != "failed" && $2 > 0 { printf "%.4f\n", $1 / $2 }' >"$S/$1.$2.ratio"
	echo "$S/$1.$2.ratio"
}
num() { awk -v v="$1" 'BEGIN { if (v >= 100) printf "%.0f", v; else if (v >= 10) printf "%.1f", v; else if (v >= 0.01) printf "%.2f", v; else printf "%.2g", v }'; }
cell() { # W P UNIT: "median UNIT (min–max, n=N)"
	[ -f "$S/$1.$2" ] || { echo "not available: $(why_na "$2")"; return; }
	s=$(stats "$S/$1.$2")
	[ "$s" = failed ] && { echo "failed"; return; }
	set -- $s "$3"
	echo "$(num "$1") $5 ($(num "$2")–$(num "$3"), n=$4)"
}
rcell() { # W P: median of the pair-by-pair ratios P/native
	[ -f "$S/$1.$2" ] || { echo "n/a"; return; }
	s=$(stats "$(ratios "$1" "$2")")
	[ "$s" = failed ] && { echo "n/a"; return; }
	echo "$(num "${s%% *}")×"
}
why_na() {
	case $1 in
	microvm) echo "${MICROVM_NOTE#not available: }" ;;
	kvm) echo "/dev/kvm is not usable here" ;;
	*) echo "not measured" ;;
	esac
}
size() { stat -c %s "$1"; }
kb() { awk -v b="$1" 'BEGIN { printf "%.0f KB", b / 1024 }'; }
sratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }

# --- the report -----------------------------------------------------------------------------
host=$(hostname -s 2>/dev/null || hostname)
rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ] || rev="$rev (with local changes)"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
qemu=$(${UNI_QEMU:-qemu-system-x86_64} --version | head -n 1)
accel_auto=$(uni-run --verbose "$WORK/hello.img" 2>&1 >/dev/null | sed -n 's/^uni-run: accelerator //p' | head -n 1)
kvm_note=$(kvm_usable && echo "usable: the image is also measured under KVM (last rows)" || echo "not usable here")
results=${UNI_BENCH_RESULTS:-$HERE/results}
base=$(date -u +%Y-%m-%d)-$host
mkdir -p "$results"
img_size=$(size "$WORK/hello.img")
nat_size=$(size "$WORK/hello.native")
if [ -n "$MICROVM" ]; then
	k_size=$(size "$KDIR/vmlinuz") i_size=$(size "$WORK/hello.vm")
	vm_size_cell="$(kb $((k_size + i_size))) ($(kb "$k_size") kernel + $(kb "$i_size") initramfs)"
	vm_size_ratio=$(sratio $((k_size + i_size)) "$nat_size")
	vm_mem_cell="${mem_microvm} MiB"
	[ "$mem_microvm" -le 80 ] && vm_mem_cell="$vm_mem_cell (uni-run's floor; Debian's kernel panics below ~72 MiB)"
else
	vm_size_cell=$MICROVM_NOTE vm_size_ratio=n/a vm_mem_cell=$MICROVM_NOTE
fi

# The rows, as "workload|measure|image|process|microvm|native|image/native|process/native|
# microvm/native"; charts and the CSV are made from the same samples.
row() { # W WORKLOAD MEASURE UNIT: a measured row of every platform
	echo "$2|$3|$(cell "$1" image "$4")|$(cell "$1" process "$4")|$(cell "$1" microvm "$4")|$(cell "$1" native "$4")|$(rcell "$1" image)|$(rcell "$1" process)|$(rcell "$1" microvm)"
}
rows() {
	row hello hello "start-to-exit wall time" ms
	echo "hello|size (bytes on disk)|$(kb "$img_size") (image)|$(kb "$img_size") (the same file)|$vm_size_cell|$(kb "$nat_size") (static binary)|$(sratio "$img_size" "$nat_size")|$(sratio "$img_size" "$nat_size")|$vm_size_ratio"
	echo "hello|smallest -m that boots (bisection)|${mem_image} MiB|n/a: RAM is reserved, committed as touched|$vm_mem_cell|n/a: a process has no -m (max RSS ${rss_native} KB)|n/a|n/a|n/a"
	row cpuloop cpuloop "wall time, n=$CPU_N" ms
	if [ -n "$SGEMM" ]; then
		row sgemm "sgemm (OpenBLAS)" "GFLOP/s, 512x512, one thread (timed inside)" GFLOP/s
	else
		echo "sgemm (OpenBLAS)|GFLOP/s|$SGEMM_NOTE|not available: same reason|not available: same reason|not available: same reason|n/a|n/a|n/a"
	fi
	row syscall syscall "getppid, ns per call (timed inside)" ns
	row devnull "write /dev/null" "ns per 64-byte write (timed inside)" ns
	row fileread "file read" "64 MB file, sequential, MB/s (timed inside)" MB/s
	row thread threads "pthread_create + join, ns" ns
	row futex futex "ping-pong round trip between two threads, ns" ns
	row speedup "2-thread speedup" "CPU-bound work (n=$CPU_N) on 2 threads vs 1, 2 vCPUs (timed inside; higher is better; host load caps it)" ×
	echo "HTTP (examples/httpd)|requests/s, p99|measured by bench/net.sh (needs wrk and host ports)|see bench/net.sh|see bench/net.sh|see bench/net.sh|n/a|n/a|n/a"
	echo "classify|inference, boot to first response|measured by bench/classify.sh (needs the packages and the model)|see bench/classify.sh|see bench/classify.sh|see bench/classify.sh|n/a|n/a|n/a"
	if kvm_usable; then
		echo "hello (image under KVM)|start-to-exit wall time|$(cell hello kvm ms)|n/a|not available: Debian's kernel does not boot under this host's KVM (PVM)|$(cell hello native ms)|$(rcell hello kvm)|n/a|n/a"
		echo "cpuloop (image under KVM)|wall time, n=$CPU_N|$(cell cpuloop kvm ms)|n/a|not available: same reason|$(cell cpuloop native ms)|$(rcell cpuloop kvm)|n/a|n/a"
		echo "syscall (image under KVM)|getppid, ns per call|$(cell syscall kvm ns)|n/a|not available: same reason|$(cell syscall native ns)|$(rcell syscall kvm)|n/a|n/a"
	fi
}
rows >"$WORK/rows"

# The real servers: each bench script appends its rows (same columns) to $UNI_BENCH_ROWS.
: >"$WORK/server-rows"
for server in "redis:Redis 7.0 (redis-benchmark)" "nginx:nginx 1.22 (wrk)" "memcached:memcached 1.6 (memaslap)"; do
	script=${server%%:*} title=${server#*:}
	if [ -z "$SERVERS" ]; then
		echo "$title|requests/s|measured by bench/run.sh --servers or bench/$script.sh|see bench/$script.sh|n/a|see bench/$script.sh|n/a|n/a|n/a" >>"$WORK/server-rows"
		continue
	fi
	log "servers: bench/$script.sh (builds $script twice unless $(echo "$script" | tr a-z A-Z)_DIR names the trees; minutes)"
	UNI_BENCH_ROWS=$WORK/server-rows bash "$HERE/$script.sh" >&2 ||
		echo "$title|requests/s|failed: bench/$script.sh exited non-zero (its output is above)|-|-|-|n/a|n/a|n/a" >>"$WORK/server-rows"
done
cat "$WORK/server-rows" >>"$WORK/rows"

# One chart per measured workload: median with min–max bars, per platform.
chart() { # W TITLE UNIT
	dat=$WORK/$1.dat
	: >"$dat"
	for p in image process microvm native; do
		[ -f "$S/$1.$p" ] || continue
		s=$(stats "$S/$1.$p")
		[ "$s" = failed ] && continue
		set -- "$1" "$2" "$3" $s
		label=$(case $p in image) echo "uni image (VM)" ;; process) echo "uni image (process)" ;; microvm) echo linux-microvm ;; *) echo native ;; esac)
		printf '"%s" %s %s %s\n' "$label" "$4" "$5" "$6" >>"$dat"
	done
	[ -s "$dat" ] || return 0
	gnuplot <<EOF 2>>"$WORK/gnuplot.err" || log "gnuplot failed for $1: $(tail -n 1 "$WORK/gnuplot.err")"
set terminal pngcairo size 560,320 noenhanced font ",9"
set output "$results/$base-$1.png"
set title "$2 (median, min–max; $MODE run)"
set ylabel "$3"
set style data histogram
set style histogram errorbars lw 1
set style fill solid 0.6 border -1
set boxwidth 0.6
set logscale y
unset key
plot "$dat" using 2:3:4:xticlabels(1) lc rgb "#4472c4"
EOF
}
sizes_chart() {
	dat=$WORK/size.dat
	printf '"uni image" %s\n' "$img_size" >"$dat"
	[ -z "$MICROVM" ] || printf '"linux-microvm (kernel+initramfs)" %s\n' $((k_size + i_size)) >>"$dat"
	printf '"native" %s\n' "$nat_size" >>"$dat"
	gnuplot <<EOF 2>>"$WORK/gnuplot.err" || log "gnuplot failed for size: $(tail -n 1 "$WORK/gnuplot.err")"
set terminal pngcairo size 560,320 noenhanced font ",9"
set output "$results/$base-size.png"
set title "hello: size on disk (log scale)"
set ylabel "bytes"
set style fill solid 0.6 border -1
set boxwidth 0.6
set logscale y
unset key
plot "$dat" using 0:2:xticlabels(1) with boxes lc rgb "#4472c4"
EOF
}
charts=
if command -v gnuplot >/dev/null; then
	chart hello "hello: start-to-exit wall time" ms
	chart cpuloop "cpuloop n=$CPU_N: wall time" ms
	chart syscall "syscall: getppid cost" "ns per call"
	chart devnull "write /dev/null: 64-byte write" "ns per write"
	chart fileread "64 MB sequential file read (higher is better)" "MB/s"
	chart thread "pthread_create + join" ns
	chart futex "futex ping-pong round trip" ns
	chart speedup "2 threads vs 1 on 2 vCPUs (higher is better)" speedup
	[ -z "$SGEMM" ] || chart sgemm "OpenBLAS sgemm 512x512, one thread (higher is better)" GFLOP/s
	sizes_chart
	charts=1
fi

report() {
	cat <<EOF
# uni bench: uni image (VM and process) vs linux-microvm vs native process

- date: $(date -u '+%Y-%m-%d %H:%M UTC'), host: $host, mode: $MODE (rounds: hello $HELLO_RUNS, cpuloop $CPU_RUNS, syscall $SC_RUNS)
- git revision: $rev
- CPU: $cpu ($(nproc) CPUs)
- QEMU: $qemu
- accelerator: uni image under TCG in the "uni image" column (the accelerator linux-microvm runs under); "uni image as a process": the same file executed directly (the process platform, UNI_DIRECT=1 UNI_MEM=256); uni-run's auto choice for images here: ${accel_auto:-unknown}; linux-microvm: TCG (auto; Debian's kernel does not boot under this host's KVM); KVM: $kvm_note
- linux-microvm kernel: Debian $kernel_pkg
- load average when done: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine widens min–max)

| workload | measure | uni image | uni image as a process | linux-microvm | native process | image/native | process/native | linux-microvm/native |
|---|---|---|---|---|---|---|---|---|
EOF
	awk -F'|' '{ printf "|"; for (i = 1; i <= NF; i++) printf " %s |", $i; print "" }' "$WORK/rows"
	cat <<EOF

Cells: median (min–max, n=runs). Ratios are medians of per-round ratios: each round runs the
native process, the image under QEMU, the image as a process and the linux-microvm once, one
after the other. Wall time is from fork to exit of \`uni-run\` (QEMU start, boot, run, exit), of
the image itself (process) or of the native process, stdout to /dev/null. cpuloop output: $cpu_check.
EOF
	if [ -n "$charts" ]; then
		echo
		echo "Charts: [hello wall time]($base-hello.png), [hello size]($base-size.png), [cpuloop]($base-cpuloop.png), [syscall]($base-syscall.png), [/dev/null writes]($base-devnull.png), [file read]($base-fileread.png), [threads]($base-thread.png), [futex]($base-futex.png), [2-thread speedup]($base-speedup.png)$([ -z "$SGEMM" ] || echo ", [sgemm]($base-sgemm.png)")."
	else
		echo
		echo "Charts: not available: gnuplot is not installed (./build.sh installs gnuplot-nox)."
	fi
}
report >"$WORK/report.md"
cp "$WORK/report.md" "$results/$base.md"
cat "$WORK/report.md"

# The CSV twin: one line per workload, measure and platform.
{
	echo "workload,measure,platform,unit,median,min,max,runs,ratio_vs_native,note"
	for w in hello cpuloop syscall devnull fileread thread futex speedup sgemm; do
		unit=ms measure="wall time"
		case $w in
		syscall) unit=ns measure="ns per getppid" ;;
		devnull) unit=ns measure="ns per 64-byte write" ;;
		fileread) unit=MB/s measure="64 MB sequential read" ;;
		thread) unit=ns measure="ns per create+join" ;;
		futex) unit=ns measure="ns per round trip" ;;
		speedup) unit=ratio measure="2 threads vs 1 on 2 vCPUs" ;;
		sgemm) unit=GFLOP/s measure="512x512 one thread" ;;
		esac
		for p in image process microvm native kvm; do
			[ -f "$S/$w.$p" ] || continue
			s=$(stats "$S/$w.$p")
			r=
			[ $p = native ] || r=$(stats "$(ratios $w $p)" | cut -d' ' -f1)
			if [ "$s" = failed ]; then echo "$w,$measure,$p,$unit,,,,,,failed"; continue; fi
			set -- $s
			echo "$w,$measure,$p,$unit,$1,$2,$3,$4,$r,"
		done
	done
	echo "hello,size,image,bytes,$img_size,,,1,$(awk -v a="$img_size" -v b="$nat_size" 'BEGIN { printf "%.4f", a / b }'),"
	[ -z "$MICROVM" ] || echo "hello,size,microvm,bytes,$((k_size + i_size)),,,1,$(awk -v a=$((k_size + i_size)) -v b="$nat_size" 'BEGIN { printf "%.4f", a / b }'),kernel $k_size + initramfs $i_size"
	echo "hello,size,native,bytes,$nat_size,,,1,,"
	echo "hello,min memory,image,MiB,$mem_image,,,1,,bisection"
	echo "hello,min memory,microvm,MiB,$mem_microvm,,,1,,bisection; uni-run's floor is 80"
	[ -n "$SGEMM" ] || echo "sgemm (OpenBLAS),,all,,,,,,,not available: ${SGEMM_NOTE#not available: }"
	echo "HTTP (examples/httpd),,all,,,,,,,measured by bench/net.sh"
	echo "classify,,all,,,,,,,measured by bench/classify.sh"
	# Server rows carry one value per platform (each bench script's own run), no min-max.
	awk -F'|' '{
		split("image process microvm native", plat, " ")
		for (i = 1; i <= 4; i++) {
			v = $(i + 2); r = (i < 4) ? $(i + 6) : ""
			if (v !~ /^[0-9.]+$/) continue
			if (r !~ /^[0-9.]+$/) r = ""
			printf "%s,%s,%s,req/s,%s,,,1,%s,server benchmark\n", $1, $2, plat[i], v, r
		}
	}' "$WORK/server-rows"
} >"$results/$base.csv"
log "written to $results/$base.md (+ .csv$([ -n "$charts" ] && echo ", charts $base-*.png"))"
