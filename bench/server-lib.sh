# server-lib.sh: what the network benchmarks (bench/redis.sh, nginx.sh, memcached.sh, forward.sh)
# share. Sourced from bash; needs HERE (bench/).

# bench_workdir NAME TOOL...: stops, naming the fix, unless every TOOL is installed; then makes
# WORK, a fresh folder removed at exit (with the background jobs killed), and enters it.
bench_workdir() {
	local name=$1 tool
	shift
	for tool in "$@"; do
		command -v "$tool" >/dev/null ||
			{ echo "bench/$name.sh: $tool is not installed (./build.sh installs it)" >&2; exit 1; }
	done
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-${name}bench.XXXXXX")
	trap 'set +e; kill $(jobs -p) 2>/dev/null; wait; rm -rf "$WORK"' EXIT
	cd "$WORK"
}

# ratio A B: A / B with two decimals, "-" when either is not a positive number.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }

# bench_publish NAME: prints table.md and writes it to bench/results/<date>-NAME.md
# ($UNI_BENCH_RESULTS/ instead when set); rows.txt, when there is one, goes to $UNI_BENCH_ROWS
# (bench/run.sh --servers).
bench_publish() {
	local dest=${UNI_BENCH_RESULTS:-$HERE/results}
	cat table.md
	if [ -n "${UNI_BENCH_ROWS:-}" ] && [ -f rows.txt ]; then
		cat rows.txt >>"$UNI_BENCH_ROWS"
	fi
	mkdir -p "$dest"
	cp table.md "$dest/$(date -u +%Y-%m-%d)-$1.md"
	echo "written to $dest/$(date -u +%Y-%m-%d)-$1.md"
}
