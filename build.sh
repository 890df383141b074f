#!/bin/sh
# build.sh: the one entry point of uni. Fills out/ (see docs/ARCHITECTURE.md): host packages,
# verified Debian sources, musl into the sysroot, the drivers, the runtime, the toolchain files;
# then runs the tests or the benchmarks.
set -eu

ROOT=$(cd "$(dirname "$0")" && pwd)
OUT=${UNI_OUT:-$ROOT/out}
# Absolute: the toolchain files and the tests name it from other folders.
case $OUT in /*) ;; *) OUT=$PWD/$OUT ;; esac
CACHE=${UNI_CACHE:-${XDG_CACHE_HOME:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache}/uni}
# Built packages by key (docs/PACKAGES.md): a folder, or a read-only file:// or http(s):// URL.
STORE=${UNI_STORE:-$CACHE/store}
JOBS=$(nproc 2>/dev/null || echo 2)

# Debian packages the build and the tests need on the host, in one place.
HOST_PACKAGES="gcc make tcl binutils patch dpkg-dev xz-utils pkgconf cmake meson ninja-build autoconf automake libtool qemu-system-x86 file gnuplot-nox nasm curl wrk dnsmasq-base passt gdb skopeo umoci crun protobuf-compiler gfortran-12 libevent-dev libmemcached-tools"
# Recipes of the toolchain itself (essential packages, sysroots/install.sh), dependencies first.
RECIPES="musl"

usage() {
	cat <<EOF
usage: ./build.sh [VERB]

  all               (default) install missing host packages, fetch and verify sources,
                    build musl into out/sysroot, the drivers, the runtime, the toolchain files,
                    Debian's kernel for linux-microvm (skipped when apt cannot get it)
  packages [NAME...] build sysroot libraries (default: all) and their dependencies into out/sysroot,
                    and as binary packages into out/packages/; logs in out/logs/pkg-<name>.log;
                    a package whose key is in the store is installed from there, not built,
                    and a package built here is published to the store
  pkg COMMAND ...   out/bin/uni-pkg on out/sysroot: install ARCHIVE|NAME, list, remove NAME, verify
  test [--slow] [--accel A] [PATTERN...]
                    build what is missing (and the packages the selected tests name in their
                    "# needs:" lines), then run tests/run.sh (tests whose path contains a
                    PATTERN); --slow adds the soaks (tests marked "# slow:"); --accel
                    runs images with UNI_ACCEL=A (process, tcg, kvm; default auto); the tests
                    of tests/dist/ make the release first (as dist)
  bench [--quick] [--servers]
                    build what is missing, then run bench/run.sh
  demo [--once]     build the flagship classifier image (examples/classify + the nsfwjs model),
                    boot it with uni-run -p \${DEMO_PORT:-8080}:8080 (refused when the port is
                    taken), wait for its /healthz, print curl commands, classify darknet's dog.jpg;
                    serves until Ctrl-C (--once: stop after the sample and say so)
  dist              build what is missing (packages too), then the release into out/dist/:
                    uni-VERSION-x86_64-linux.tar.xz (unpack anywhere), uni_VERSION_amd64.deb
                    (/opt/uni, drivers in /usr/bin), the libraries' uni-pkg archives, SHA256SUMS
  clean [--cache]   remove out/; with --cache also the download cache (and the store in it)
  -h, --help        this text

Environment: UNI_CACHE (download cache, now $CACHE), UNI_OUT (output tree, now $OUT),
UNI_STORE (package store: a folder, or a read-only file:// or http:// URL; now $STORE),
UNI_PROGRESS_SECONDS (a long step's progress lines, default every 30).
Logs: out/logs/<step>.log.
EOF
}

# --- progress and errors: one line per step -------------------------------------------------

STEP_OPEN= STEP_TICKER=
step_begin() { # STEP WHAT [LOG]: opens the step's line; with LOG, long steps report progress
	STEP_T0=$(date +%s)
	STEP_NAME=$1 STEP_WHAT=$2
	printf '%-10s %s ... ' "$1" "$2"
	STEP_OPEN=1
	[ -z "${3:-}" ] || step_ticker "$3"
}
# step_ticker LOG: while the step runs, every UNI_PROGRESS_SECONDS (default 30) a line with the
# time so far and LOG's newest line (the build tool's own progress), so a 10-minute build is
# visibly alive. It stops with the step, or within a second of build.sh's end.
step_ticker() {
	local every=${UNI_PROGRESS_SECONDS:-30} parent=$$
	STEP_TICKED=$OUT/.step-ticked.$$
	rm -f "$STEP_TICKED"
	(
		next=$((STEP_T0 + every))
		while kill -0 "$parent" 2>/dev/null; do
			sleep 1 </dev/null >/dev/null 2>&1
			now=$(date +%s)
			[ "$now" -ge "$next" ] || continue
			next=$((now + every))
			# The step's line is still open: the first progress line starts on a new one.
			[ -e "$STEP_TICKED" ] || { echo; : >"$STEP_TICKED"; }
			# A long line's end names its file (gcc ... -o x.o x.c); its start is the same each time.
			last=$(tail -n 1 "$1" 2>/dev/null | tr -d '\r' |
				awk '{ print (length($0) > 110 ? "..." substr($0, length($0) - 106) : $0) }')
			printf '%-10s ... %ss%s\n' "" "$((now - STEP_T0))" "${last:+, log: $last}"
		done
	) &
	STEP_TICKER=$!
	# Also when a failure ends build.sh (or the subshell running the step) mid-step.
	trap step_ticker_stop EXIT
}
step_ticker_stop() { # ends the ticker; true when it wrote a progress line
	[ -n "$STEP_TICKER" ] || return 1
	kill "$STEP_TICKER" 2>/dev/null || true
	wait "$STEP_TICKER" 2>/dev/null || true
	STEP_TICKER=
	trap - EXIT
	[ -e "$STEP_TICKED" ] && rm -f "$STEP_TICKED"
}
step_end() { # RESULT: closes the step's line; after progress lines, the whole line again, so
	# that it reads (and greps) as a one-line step does
	if step_ticker_stop; then printf '%-10s %s ... ' "$STEP_NAME" "$STEP_WHAT"; fi
	printf '%s (%ss)\n' "$1" "$(($(date +%s) - STEP_T0))"
	STEP_OPEN=
}
step_skip() { # STEP WHAT
	printf '%-10s %s\n' "$1" "$2"
}
die() { # STEP CAUSE FIX
	if [ -n "$STEP_OPEN" ]; then step_end FAILED; fi
	printf 'build.sh: step %s failed: %s\n  fix: %s\n' "$1" "$2" "$3" >&2
	exit 1
}
die_log() { # STEP CAUSE LOG
	if [ -n "$STEP_OPEN" ]; then step_end FAILED; fi
	printf 'build.sh: step %s failed: %s. Last 20 lines of %s:\n' "$1" "$2" "$3" >&2
	tail -n 20 "$3" | sed 's/^/  | /' >&2
	printf '  fix: read %s\n' "$3" >&2
	exit 1
}

# --- stamps: a step is skipped when the hash of its inputs has not changed -------------------

inputs_hash() { # PATH... : hash of file names and contents (folders recursively) and of stdin
	local p f
	{
		cat
		for p in "$@"; do
			[ -e "$p" ] || { echo "absent $p"; continue; }
			find "$p" -type f | LC_ALL=C sort | while IFS= read -r f; do
				printf '%s %s\n' "${f#"$ROOT"/}" "$(sha256sum <"$f" | cut -d' ' -f1)"
			done
		done
	} | sha256sum | cut -d' ' -f1
}
stamp_ok() { [ -f "$OUT/stamps/$1" ] && [ "$(cat "$OUT/stamps/$1")" = "$2" ]; }
stamp_write() { mkdir -p "$OUT/stamps" && echo "$2" >"$OUT/stamps/$1"; }

# --- the steps ------------------------------------------------------------------------------

step_host() {
	local missing= p cmd
	for p in $HOST_PACKAGES; do
		[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || missing="$missing $p"
	done
	if [ -z "$missing" ]; then
		step_skip host "all $(echo $HOST_PACKAGES | wc -w) packages installed"
		return
	fi
	cmd="apt-get install -y --no-install-recommends$missing"
	[ "$(id -u)" = 0 ] || die host "missing host packages:$missing" "run: sudo apt-get update && sudo $cmd"
	step_begin host "installing$missing" "$OUT/logs/host.log"
	{ apt-get update && DEBIAN_FRONTEND=noninteractive $cmd; } </dev/null >"$OUT/logs/host.log" 2>&1 ||
		die_log host "apt-get could not install$missing" "$OUT/logs/host.log"
	step_end installed
}

step_sources() {
	local r
	for r in $RECIPES; do
		recipe_load "$r"
		if recipe_sources_ok "$r"; then
			step_skip sources "$r $version: cached and verified"
		else
			step_begin sources "$r $version: fetching Debian $suite source package"
			recipe_fetch "$r"
			step_end "verified"
		fi
	done
}

step_recipes() {
	local r want
	for r in $RECIPES; do
		recipe_load "$r"
		want=$(gcc --version | head -n 1 | inputs_hash "$ROOT/packages/$r" "$ROOT/packages/lib/recipe.sh")
		if stamp_ok "$r" "$want" && "$OUT/bin/uni-pkg" --sysroot "$OUT/sysroot" verify "$r" >/dev/null 2>&1; then
			step_skip "$r" "$version: up to date"
			continue
		fi
		# The staging tree is kept: a package that went missing is installed from it again.
		if stamp_ok "$r" "$want" && [ -d "$OUT/build/$r/staging/usr" ]; then
			step_skip "$r" "$version: built"
		else
			step_begin "$r" "$version: building (log: out/logs/$r.log)" "$OUT/logs/$r.log"
			recipe_stage "$r"
			stamp_write "$r" "$want"
			step_end "built"
		fi
		sysroot_package "$r" "$version" "$license" "$source_package $version ($suite)" "$OUT/build/$r/staging"
	done
}

step_make() { # STEP DIR WHAT [TARGET]: runs DIR's Makefile (incremental by itself) with OUT=out
	step_begin "$1" "make -C $2${4:+ $4} ($3)" "$OUT/logs/$1.log"
	make -C "$ROOT/$2" -j"$JOBS" OUT="$OUT" ${4:+"$4"} >"$OUT/logs/$1.log" 2>&1 </dev/null ||
		die_log "$1" "make -C $2${4:+ $4} OUT=$OUT failed" "$OUT/logs/$1.log"
	step_end done
}

step_drivers() { step_make drivers wrappers "uni-cc, uni-ld, uni-run ... into out/bin"; }

# lwIP, which the runtime's network layer is compiled against: a package like the others
# (packages/lwip), built before the runtime.
step_network() {
	[ -f "$ROOT/packages/lwip/recipe" ] || return 0
	(build_packages lwip) || exit 1
}

step_runtime() {
	if [ -f "$ROOT/kernel/Makefile" ] && [ ! -x "$OUT/bin/uni-cc" ]; then
		die runtime "kernel/ is compiled with out/bin/uni-cc, which the drivers step did not build" \
			"make wrappers/Makefile install uni-cc into \$(OUT)/bin; see $OUT/logs/drivers.log"
	fi
	step_make runtime kernel "libuni.a and image.ld, installed as the package uni-runtime"
	sysroot_package uni-runtime "$(dist_version)" "uni (no licence chosen yet)" "uni $(dist_version) kernel/" "$OUT/build/runtime/staging"
}

# The linux-microvm initramfs's /init (wrappers/run/microvm-init/): a linux-platform program, so
# built after the runtime, whose seam it links. Packaged with Debian's kernel (step_microvm_kernel).
step_microvm_init() {
	step_make init wrappers "the linux-microvm /init" microvm-init
}

# out/ is relocatable: tests/meta/relocatable.test checks it; here a failure is a warning, so
# that the tests still run and report it.
step_relocatable() {
	local out
	if out=$(UNI_OUT=$OUT sh "$ROOT/tests/meta/relocatable.test" 2>&1); then
		step_skip relocate "no absolute out path in out/"
	else
		step_skip relocate "WARNING: out/ is not relocatable: $(echo "$out" | head -n 3 | cut -c1-200 | tr '\n' ';')"
	fi
}

# One build at a time per out/: a second build.sh waits for the first (the lock is freed on exit).
lock_out() {
	mkdir -p "$OUT"
	exec 9>"$OUT/.lock"
	if ! flock -n 9; then
		echo "lock       another ./build.sh is using $OUT: waiting for it"
		flock 9
	fi
}

build_all() {
	lock_out
	mkdir -p "$OUT/logs" "$OUT/stamps" "$CACHE"
	step_host
	step_sources
	step_pkgtool
	step_recipes
	step_drivers
	step_network
	step_runtime
	step_microvm_init
	step_toolchains
	step_microvm_kernel
	step_microvm_package
	step_relocatable
}

# --- verbs ----------------------------------------------------------------------------------

verb_packages() {
	build_all
	build_packages "$@"
}

verb_test() {
	while :; do
		case ${1:-} in
		--slow) export UNI_TEST_SLOW=1 ;;
		--accel)
			case ${2:-} in process | tcg | kvm | auto) ;; *) die test "--accel needs process, tcg, kvm or auto" "./build.sh test --accel tcg" ;; esac
			export UNI_ACCEL=$2
			shift
			;;
		*) break ;;
		esac
		shift
	done
	build_all
	# The packages the selected tests name in their "# needs:" lines; a package that did not build
	# fails (or, optional, skips) the tests that need it, naming it.
	need=$(pkg_tests_packages "$@")
	if [ -n "$need" ]; then
		# shellcheck disable=SC2086
		(build_packages $need) || echo "packages   WARNING: some packages did not build; their tests will fail (see above)"
	fi
	# tests/dist/ test the release: made first (every package in it), unless it is up to date.
	if dist_tests_selected "$@"; then
		(build_packages && dist_make) || echo "dist       WARNING: the release was not made; tests/dist will say so (see above)"
	fi
	UNI_OUT=$OUT exec sh "$ROOT/tests/run.sh" "$@" 9>&-
}

verb_demo() {
	build_all
	# Every library examples/classify links (darknet brings OpenBLAS) and the model.
	build_packages nsfwjs-mobilenetv2 libmicrohttpd libjpeg-turbo libpng libwebp cjson darknet
	OUT=$OUT ROOT=$ROOT CACHE=$CACHE exec bash "$ROOT/examples/demo.sh" "$@" 9>&-
}

verb_bench() {
	build_all
	UNI_OUT=$OUT exec sh "$ROOT/bench/run.sh" "$@" 9>&-
}

verb_clean() {
	lock_out
	rm -rf "$OUT"
	echo "removed $OUT"
	if [ "${1:-}" = --cache ]; then
		rm -rf "$CACHE"
		echo "removed $CACHE"
	fi
}

main() {
	verb=${1:-all}
	[ $# -eq 0 ] || shift
	# shellcheck source=packages/lib/apt-source.sh
	. "$ROOT/packages/lib/apt-source.sh"
	# shellcheck source=packages/lib/recipe.sh
	. "$ROOT/packages/lib/recipe.sh"
	# shellcheck source=packages/lib/packages.sh
	. "$ROOT/packages/lib/packages.sh"
	# shellcheck source=sysroots/install.sh
	. "$ROOT/sysroots/install.sh"
	# shellcheck source=sysroots/microvm-kernel.sh
	. "$ROOT/sysroots/microvm-kernel.sh"
	# shellcheck source=sysroots/dist.sh
	. "$ROOT/sysroots/dist.sh"
	# shellcheck source=sysroots/deb.sh
	. "$ROOT/sysroots/deb.sh"
	case $verb in
	all) [ $# -eq 0 ] || die args "all takes no arguments, got: $*" "run ./build.sh, or ./build.sh test $*"; build_all ;;
	packages) verb_packages "$@" ;;
	pkg) build_all >/dev/null; step_pkgtool; exec "$OUT/bin/uni-pkg" --sysroot "$OUT/sysroot" --store "$STORE" "$@" 9>&- ;;
	test) verb_test "$@" ;;
	bench) verb_bench "$@" ;;
	demo) verb_demo "$@" ;;
	dist) [ $# -eq 0 ] || die args "dist takes no arguments, got: $*" "run ./build.sh dist"; verb_dist ;;
	clean) verb_clean "$@" ;;
	-h | --help | help) usage ;;
	*) usage >&2; die args "unknown verb '$verb'" "use one of the verbs above" ;;
	esac
}

main "$@"
