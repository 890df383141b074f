#!/bin/sh
# build.sh: the one entry point of uni. Fills out/ (see docs/ARCHITECTURE.md): host packages,
# verified Debian sources, musl into the sysroot, the drivers, the runtime, the toolchain files;
# then runs the tests or the benchmarks.
set -eu

ROOT=$(cd "$(dirname "$0")" && pwd)
OUT=${UNI_OUT:-$ROOT/out}
CACHE=${UNI_CACHE:-${XDG_CACHE_HOME:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache}/uni}
# Built packages by key (docs/PACKAGES.md): a folder, or a read-only file:// or http(s):// URL.
STORE=${UNI_STORE:-$CACHE/store}
JOBS=$(nproc 2>/dev/null || echo 2)

# Debian packages the build and the tests need on the host, in one place.
HOST_PACKAGES="gcc make binutils patch dpkg-dev xz-utils pkgconf cmake meson ninja-build autoconf automake libtool qemu-system-x86 file gnuplot-nox nasm curl wrk dnsmasq-base passt protobuf-compiler"
# Recipes built into the sysroot, dependencies first.
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
                    build what is missing (packages too), then run tests/run.sh (tests whose path
                    contains a PATTERN); --slow adds the soaks (tests marked "# slow:"); --accel
                    runs images with UNI_ACCEL=A (process, tcg, kvm; default auto)
  bench [--quick]   build what is missing, then run bench/run.sh
  demo [--once]     build the flagship classifier image (examples/classify + the nsfwjs model),
                    boot it with uni-run -p \${DEMO_PORT:-8080}:8080, print curl commands, classify
                    darknet's dog.jpg; serves until Ctrl-C (--once: stop after the sample)
  clean [--cache]   remove out/; with --cache also the download cache (and the store in it)
  -h, --help        this text

Environment: UNI_CACHE (download cache, now $CACHE), UNI_OUT (output tree, now $OUT),
UNI_STORE (package store: a folder, or a read-only file:// or http:// URL; now $STORE).
Logs: out/logs/<step>.log.
EOF
}

# --- progress and errors: one line per step -------------------------------------------------

STEP_OPEN=
step_begin() { # STEP WHAT
	STEP_T0=$(date +%s)
	printf '%-10s %s ... ' "$1" "$2"
	STEP_OPEN=1
}
step_end() { # RESULT
	printf '%s (%ss)\n' "$1" "$(($(date +%s) - STEP_T0))"
	STEP_OPEN=
}
step_skip() { # STEP WHAT
	printf '%-10s %s\n' "$1" "$2"
}
die() { # STEP CAUSE FIX
	if [ -n "$STEP_OPEN" ]; then echo "FAILED"; STEP_OPEN=; fi
	printf 'build.sh: step %s failed: %s\n  fix: %s\n' "$1" "$2" "$3" >&2
	exit 1
}
die_log() { # STEP CAUSE LOG
	if [ -n "$STEP_OPEN" ]; then echo "FAILED"; STEP_OPEN=; fi
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
	step_begin host "installing$missing"
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
		want=$(gcc --version | head -n 1 | inputs_hash "$ROOT/packages/$r" "$ROOT/packages/lib/recipe.sh" "$ROOT/sysroots/install.sh")
		if stamp_ok "$r" "$want" && sysroot_has "$r"; then
			step_skip "$r" "$version: up to date"
			continue
		fi
		step_begin "$r" "$version: building (log: out/logs/$r.log)"
		recipe_stage "$r"
		sysroot_install "$r" "$OUT/build/$r/staging"
		stamp_write "$r" "$want"
		step_end "installed into out/sysroot"
	done
}

step_make() { # STEP DIR WHAT: runs DIR's Makefile (incremental by itself) with OUT=out
	[ -f "$ROOT/$2/Makefile" ] || { step_skip "$1" "$2/Makefile does not exist yet: skipped"; return; }
	step_begin "$1" "make -C $2 ($3)"
	make -C "$ROOT/$2" -j"$JOBS" OUT="$OUT" >"$OUT/logs/$1.log" 2>&1 </dev/null ||
		die_log "$1" "make -C $2 OUT=$OUT failed" "$OUT/logs/$1.log"
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
	step_make runtime kernel "libuni.a and image.ld into out/sysroot/usr/lib/uni"
}

step_toolchains() {
	local want
	[ -f "$ROOT/toolchains/generate.sh" ] || { step_skip toolchains "toolchains/generate.sh does not exist yet: skipped"; return; }
	# The Meson cross files hold out/'s absolute path: a copied or moved out/ regenerates them.
	want=$(echo "$OUT" | inputs_hash "$ROOT/toolchains")
	if stamp_ok toolchains "$want" && [ -n "$(ls -A "$OUT/toolchains" 2>/dev/null)" ]; then
		step_skip toolchains "up to date"
		return
	fi
	step_begin toolchains "sh toolchains/generate.sh out"
	sh "$ROOT/toolchains/generate.sh" "$OUT" >"$OUT/logs/toolchains.log" 2>&1 </dev/null ||
		die_log toolchains "toolchains/generate.sh failed" "$OUT/logs/toolchains.log"
	stamp_write toolchains "$want"
	step_end done
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
	step_recipes
	step_drivers
	step_network
	step_runtime
	step_toolchains
	step_microvm_kernel
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
	# The package and C++ tests need libraries; a failed package is reported by its test too.
	need=$(pkg_tests_packages "$@")
	if [ -n "$need" ]; then
		# shellcheck disable=SC2086
		(build_packages $need) || echo "packages   WARNING: some packages did not build; their tests will fail (see above)"
	fi
	UNI_OUT=$OUT exec sh "$ROOT/tests/run.sh" "$@" 9>&-
}

verb_demo() {
	build_all
	build_packages nsfwjs-mobilenetv2 libmicrohttpd libjpeg-turbo libpng libwebp cjson
	OUT=$OUT ROOT=$ROOT CACHE=$CACHE exec bash "$ROOT/examples/demo.sh" "$@" 9>&-
}

verb_bench() {
	build_all
	[ -f "$ROOT/bench/run.sh" ] || die bench "bench/run.sh does not exist yet" "write bench/run.sh, or run ./build.sh test meanwhile"
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
	case $verb in
	all) [ $# -eq 0 ] || die args "all takes no arguments, got: $*" "run ./build.sh, or ./build.sh test $*"; build_all ;;
	packages) verb_packages "$@" ;;
	pkg) build_all >/dev/null; step_pkgtool; exec "$OUT/bin/uni-pkg" --sysroot "$OUT/sysroot" --store "$STORE" "$@" 9>&- ;;
	test) verb_test "$@" ;;
	bench) verb_bench "$@" ;;
	demo) verb_demo "$@" ;;
	clean) verb_clean "$@" ;;
	-h | --help | help) usage ;;
	*) usage >&2; die args "unknown verb '$verb'" "use one of the verbs above" ;;
	esac
}

main "$@"
